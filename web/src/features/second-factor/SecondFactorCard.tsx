import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDateTime } from '../../ui/format';
import { QueryError } from '../../ui/QueryError';
import { EnrolSecondFactor } from './EnrolSecondFactor';
import { NewRecoveryCodes } from './NewRecoveryCodes';
import { RemoveSecondFactor } from './RemoveSecondFactor';
import { useSecondFactor } from './second-factor.queries';

type Mode = 'idle' | 'enrol' | 'codes' | 'remove';

/** Your second factor on the Account page: set it up, replace the device, new recovery codes, remove it. */
export function SecondFactorCard() {
  const status = useSecondFactor();
  const [mode, setMode] = useState<Mode>('idle');

  const body = () => {
    if (status.error) {
      return <QueryError error={status.error} what="your second factor" onRetry={() => void status.refetch()} />;
    }
    if (!status.data) return null;
    const { available, enrolled, required, enrolledAt, recoveryCodesLeft } = status.data;
    if (!available) {
      return (
        <Text size="sm" c="dimmed">
          You sign in through your company directory or identity provider; its own second factor applies.
        </Text>
      );
    }
    if (mode === 'enrol') return <EnrolSecondFactor onDone={() => setMode('idle')} onCancel={() => setMode('idle')} />;
    if (mode === 'codes') return <NewRecoveryCodes onDone={() => setMode('idle')} />;
    if (mode === 'remove') return <RemoveSecondFactor onDone={() => setMode('idle')} />;
    return (
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color={enrolled ? 'green' : required ? 'red' : 'gray'} variant="light">
            {enrolled ? 'On' : 'Off'}
          </Badge>
          {required && (
            <Text size="sm" c="dimmed">
              Your role requires it.
            </Text>
          )}
        </Group>
        <Text size="sm">
          {enrolled
            ? `Signing in asks for a code from your authenticator app (set up ${formatDateTime(enrolledAt!)}). ${recoveryCodesLeft} recovery code${recoveryCodesLeft === 1 ? '' : 's'} left.`
            : 'Signing in asks for your password only. Add a code from an authenticator app on your phone.'}
        </Text>
        <Group>
          <Button variant={enrolled ? 'default' : 'filled'} onClick={() => setMode('enrol')}>
            {enrolled ? 'Replace device' : 'Set up authenticator app'}
          </Button>
          {enrolled && (
            <Button variant="default" onClick={() => setMode('codes')}>
              New recovery codes
            </Button>
          )}
          {enrolled && !required && (
            <Button variant="light" color="red" onClick={() => setMode('remove')}>
              Remove
            </Button>
          )}
        </Group>
      </Stack>
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="second-factor-heading">
      <Title order={2} fz="h4" id="second-factor-heading" mb="md">
        Two-factor authentication
      </Title>
      {body()}
    </Card>
  );
}

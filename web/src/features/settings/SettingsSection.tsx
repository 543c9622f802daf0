import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormError } from '../../ui/FormError';
import type { SettingsForm } from './use-settings-form';

type SettingsSectionProps = {
  id: string;
  title: string;
  description: ReactNode;
  section: SettingsForm;
  readOnly: boolean;
  children: ReactNode;
};

export function SettingsSection({ id, title, description, section, readOnly, children }: SettingsSectionProps) {
  const headingId = `${id}-heading`;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId}>
      <Stack gap={4} mb="md">
        <Title order={2} fz="h4" id={headingId}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      <form onSubmit={section.submit} noValidate>
        <Stack gap="md" maw={560}>
          <FormError error={section.formError} title={`${title} not saved`} />
          {children}
          {!readOnly && (
            <Group>
              <Button type="submit" loading={section.saving} disabled={!section.dirty}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

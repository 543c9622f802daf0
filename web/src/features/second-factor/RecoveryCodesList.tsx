import { Alert, Button, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { ClipboardCopy } from '../../ui/ClipboardCopy';

/** Recovery codes, shown once: each signs in once in place of the app. */
export function RecoveryCodesList({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" title="Save your recovery codes now">
        They are shown only this once. Each one signs you in once if you lose your device; keep them somewhere safe (a
        password manager), not on the device itself.
      </Alert>
      <SimpleGrid cols={2} spacing="xs" maw={320} aria-label="Recovery codes" role="list">
        {codes.map((code) => (
          <Code key={code} fz="sm" role="listitem">
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group>
        <ClipboardCopy value={codes.join('\n')}>
          {({ copied, failed, copy }) => (
            <Button
              variant="default"
              onClick={copy}
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            >
              {copied ? 'Copied' : failed ? 'Copying failed: select them' : 'Copy codes'}
            </Button>
          )}
        </ClipboardCopy>
        <Button onClick={onDone}>I have saved them</Button>
      </Group>
      <Text size="xs" c="dimmed">
        New codes can be made at any time under Account; making them voids these.
      </Text>
    </Stack>
  );
}

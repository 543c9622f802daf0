import { Box, Button, Group, ScrollArea, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { ClipboardCopy } from '../../../ui/ClipboardCopy';

/** The generated commands in a dark monospace block, with a copy button. */
export function CommandBlock({ command, loading }: { command: string; loading: boolean }) {
  return (
    <Box
      bg="navy.9"
      c="gray.0"
      style={{ borderRadius: 'var(--mantine-radius-md)', opacity: loading ? 0.6 : 1, transition: 'opacity 120ms' }}
    >
      <Group justify="space-between" px="md" pt="xs">
        <Text size="xs" c="navy.1" fw={600} tt="uppercase">
          Commands
        </Text>
        <ClipboardCopy value={command}>
          {({ copied, failed, copy }) => (
            <Button
              size="compact-xs"
              variant={copied ? 'filled' : 'white'}
              color={copied ? 'teal' : 'navy'}
              leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              onClick={copy}
            >
              {copied ? 'Copied' : failed ? 'Copying failed: select and copy' : 'Copy Commands'}
            </Button>
          )}
        </ClipboardCopy>
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Box
          component="pre"
          m={0}
          px="md"
          pt="xs"
          pb="md"
          ff="monospace"
          fz={13}
          style={{ lineHeight: 1.6, whiteSpace: 'pre' }}
          data-testid="start-command"
        >
          {command}
        </Box>
      </ScrollArea>
    </Box>
  );
}

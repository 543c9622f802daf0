import { ActionIcon, Alert, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import type { IssuedLink } from '@telegraf-controller/contract/users';
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react';
import { formatDateTime } from './format';
import { ClipboardCopy } from './ClipboardCopy';

type IssuedLinkFieldProps = {
  link: IssuedLink;
  label: string;
};

/** A one-time link (invite, password reset): shown read-only with a copy button, and said to be shown only once. */
export function IssuedLinkField({ link, label }: IssuedLinkFieldProps) {
  return (
    <Stack gap="sm">
      <TextInput
        label={label}
        value={link.url}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        rightSection={
          <ClipboardCopy value={link.url}>
            {({ copied, failed, copy }) => (
              <Tooltip
                label={copied ? 'Copied' : failed ? 'Copying failed: select it and copy it yourself' : 'Copy link'}
                withArrow
                position="left"
              >
                <ActionIcon
                  color={copied ? 'teal' : 'gray'}
                  variant="subtle"
                  onClick={copy}
                  aria-label={
                    copied ? 'Copied' : failed ? 'Copying failed: select it and copy it yourself' : 'Copy link'
                  }
                >
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </ClipboardCopy>
        }
      />
      <Text size="sm" c="dimmed">
        Valid until {formatDateTime(link.expiresAt)}.
      </Text>
      <Alert color="yellow" variant="light" icon={<IconEyeOff aria-hidden />}>
        Copy the link now: it will not be shown again. No email is sent; share it with the person yourself.
      </Alert>
    </Stack>
  );
}

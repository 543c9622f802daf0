import { Button, FileButton, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MAX_TOML_BYTES } from '@telegraf-controller/contract/configs';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';

const EXTENSIONS = ['.toml', '.conf', '.txt'];

/** Reads a local .toml/.conf/.txt file; its text replaces the whole TOML (undo brings the old text back). */
export function TomlUploadButton({ onText, disabled }: { onText: (text: string) => void; disabled?: boolean }) {
  const [problem, setProblem] = useState<string | null>(null);

  const read = async (file: File | null) => {
    if (!file) return;
    setProblem(null);
    if (!EXTENSIONS.some((extension) => file.name.toLowerCase().endsWith(extension))) {
      setProblem(`Choose a ${EXTENSIONS.join(', ')} file.`);
      return;
    }
    if (file.size > MAX_TOML_BYTES) {
      setProblem('The file is larger than the 4 MiB a configuration may hold.');
      return;
    }
    onText(await file.text());
    notifications.show({
      color: 'navy',
      title: 'TOML replaced',
      message: `The editor now holds ${file.name}. Undo (Ctrl+Z) brings the previous text back.`,
    });
  };

  return (
    <Group gap="xs">
      {problem && (
        <Text size="xs" c="red.7" role="alert">
          {problem}
        </Text>
      )}
      <FileButton onChange={(file) => void read(file)} accept={EXTENSIONS.join(',')}>
        {(props) => (
          <Button
            {...props}
            variant="default"
            size="xs"
            leftSection={<IconUpload size={14} aria-hidden />}
            disabled={disabled}
          >
            Upload file
          </Button>
        )}
      </FileButton>
    </Group>
  );
}

import { Button, Stack, Switch, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApiError } from '../../../api';
import { FormError } from '../../../ui/FormError';
import type { LocalFile } from './command-text';

type LocalFileSectionProps = {
  value: LocalFile;
  onChange: (next: LocalFile) => void;
  /** Downloads the file; refused while a required parameter has no value. */
  onDownload: () => Promise<void>;
  missing: readonly string[];
};

/** File details for running Telegraf on a downloaded copy: its name, where it goes, and the download itself. */
export function LocalFileSection({ value, onChange, onDownload, missing }: LocalFileSectionProps) {
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const download = () => {
    setDownloading(true);
    setError(null);
    onDownload()
      .catch((failure: ApiError) => setError(failure))
      .finally(() => setDownloading(false));
  };
  return (
    <Stack gap="xs">
      <TextInput
        label="File Name"
        description="The configuration file's name"
        value={value.fileName}
        onChange={(event) => onChange({ ...value, fileName: event.currentTarget.value })}
      />
      <TextInput
        label="Directory Path"
        description="Where the file goes on the agent (only used in the command)"
        value={value.directory}
        onChange={(event) => onChange({ ...value, directory: event.currentTarget.value })}
      />
      <Switch
        label="Reload when the file changes (--watch-config poll)"
        checked={value.watch}
        onChange={(event) => onChange({ ...value, watch: event.currentTarget.checked })}
      />
      <FormError error={error} title="The configuration was not downloaded" />
      <Button
        leftSection={<IconDownload size={16} aria-hidden />}
        variant="light"
        onClick={download}
        loading={downloading}
        disabled={missing.length > 0 || value.fileName.trim() === ''}
        title={missing.length > 0 ? `Give a value for ${missing.join(', ')} first` : undefined}
      >
        Download Config
      </Button>
    </Stack>
  );
}

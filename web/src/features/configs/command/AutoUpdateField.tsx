import { Select, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { WATCH_INTERVALS } from './command-text';

const DEFAULT_INTERVAL = '1m';

type AutoUpdateFieldProps = {
  /** A duration such as `1m`, or `0` when the agent should not watch for changes. */
  value: string;
  onChange: (value: string) => void;
};

/** `--config-url-watch-interval`: how often the agent checks the configuration for changes, or never. */
export function AutoUpdateField({ value, onChange }: AutoUpdateFieldProps) {
  const [interval, setChosen] = useState(value === '0' ? DEFAULT_INTERVAL : value);
  const on = value !== '0';
  return (
    <Stack gap="xs">
      <Switch
        label="Reload when the configuration changes"
        checked={on}
        onChange={(event) => onChange(event.currentTarget.checked ? interval : '0')}
      />
      {on ? (
        <Select
          aria-label="Check interval"
          data={WATCH_INTERVALS}
          value={interval}
          allowDeselect={false}
          onChange={(next) => {
            if (!next) return;
            setChosen(next);
            onChange(next);
          }}
        />
      ) : (
        <Text size="xs" c="dimmed">
          The agent keeps the configuration it loaded at start until it is restarted.
        </Text>
      )}
    </Stack>
  );
}

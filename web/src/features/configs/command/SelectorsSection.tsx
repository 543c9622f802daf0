import { ActionIcon, Autocomplete, Button, Card, Group, Stack, Text } from '@mantine/core';
import type { StartCommand } from '@telegraf-controller/contract/configs';
import { IconPlus, IconX } from '@tabler/icons-react';

type SelectorsSectionProps = {
  labels: StartCommand['selectorLabels'];
  value: Record<string, string>[];
  onChange: (next: Record<string, string>[]) => void;
};

/**
 * Telegraf's `--select` (1.36 and later): only plugins whose `labels` match run. Within one selector every key
 * must match (values may be globs); several selectors enable what any of them matches.
 */
export function SelectorsSection({ labels, value, onChange }: SelectorsSectionProps) {
  const set = (index: number, key: string, chosen: string) =>
    onChange(value.map((selector, at) => (at === index ? { ...selector, [key]: chosen } : selector)));
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        Leave a key empty to match any value. Needs Telegraf 1.36 or later.
      </Text>
      {value.map((selector, index) => (
        <Card key={index} withBorder padding="xs" radius="sm" aria-label={`Selector ${index + 1}`}>
          <Stack gap={6}>
            {labels.map((label) => (
              <Autocomplete
                key={label.key}
                label={label.key}
                data={label.values}
                placeholder="any"
                value={selector[label.key] ?? ''}
                onChange={(chosen) => set(index, label.key, chosen)}
                styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
            ))}
            {value.length > 1 && (
              <Group justify="flex-end">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove selector ${index + 1}`}
                  onClick={() => onChange(value.filter((_, at) => at !== index))}
                >
                  <IconX size={14} aria-hidden />
                </ActionIcon>
              </Group>
            )}
          </Stack>
        </Card>
      ))}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => onChange([...value, {}])}
      >
        Add a selector (or)
      </Button>
    </Stack>
  );
}

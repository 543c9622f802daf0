import { Badge, CloseButton, Group, Table, Text, type BadgeProps } from '@mantine/core';
import type { LabelRef } from '@telegraf-controller/contract/labels';

type LabelChipProps = {
  label: Pick<LabelRef, 'name' | 'color'>;
  /** Shows a ✕ that calls this; its accessible name is "Remove label {name}". */
  onRemove?: () => void;
  size?: BadgeProps['size'];
};

/** A label in its colour; text turns dark or light to stay readable on any colour. Without one it is grey. */
export function LabelChip({ label, onRemove, size = 'md' }: LabelChipProps) {
  return (
    <Badge
      size={size}
      radius="sm"
      tt="none"
      fw={600}
      variant={label.color ? 'filled' : 'light'}
      color={label.color ?? 'gray'}
      autoContrast
      maw={260}
      rightSection={
        onRemove && (
          <CloseButton
            size="xs"
            variant="transparent"
            c="inherit"
            aria-label={`Remove label ${label.name}`}
            onClick={onRemove}
          />
        )
      }
      styles={onRemove ? { root: { paddingInlineEnd: 2 } } : undefined}
    >
      {label.name}
    </Badge>
  );
}

/** The labels a listed item carries, as a table cell; a dash when there are none. */
export function LabelsCell({ labels }: { labels: readonly LabelRef[] }) {
  return (
    <Table.Td>
      {labels.length === 0 ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        <Group gap={4} maw={320}>
          {labels.map((label) => (
            <LabelChip key={label.id} label={label} size="sm" />
          ))}
        </Group>
      )}
    </Table.Td>
  );
}

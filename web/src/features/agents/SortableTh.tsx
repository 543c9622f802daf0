import { Group, Table, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import type { ReactNode } from 'react';

type SortableThProps = {
  /** 'asc' / 'desc' when the table is sorted by this column, null otherwise. */
  order: 'asc' | 'desc' | null;
  onSort: () => void;
  w?: number;
  children: ReactNode;
};

/** A header cell that sorts by its column on click and reverses the order on the next one. */
export function SortableTh({ order, onSort, w, children }: SortableThProps) {
  const Icon = order === 'asc' ? IconSortAscending : order === 'desc' ? IconSortDescending : IconArrowsSort;
  return (
    <Table.Th w={w} aria-sort={order === 'asc' ? 'ascending' : order === 'desc' ? 'descending' : 'none'}>
      <UnstyledButton onClick={onSort} fw={700} fz="sm">
        <Group gap={4} wrap="nowrap">
          {children}
          <Icon size={14} aria-hidden opacity={order ? 1 : 0.4} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

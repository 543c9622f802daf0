import { Checkbox, Table } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';

type SelectableRowProps = {
  /** What the row shows, for the checkbox's name: "Select {name}". */
  name: string;
  selectable: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** Makes the whole row a way to open the item; its own links and buttons still do what they do. */
  onOpen?: () => void;
  /** The other cells. */
  children: ReactNode;
};

function fromControl(event: MouseEvent): boolean {
  return event.target instanceof Element && event.target.closest('a, button, input, label') !== null;
}

/** A table row that starts with a checkbox when the table offers bulk actions, and is tinted while checked. */
export function SelectableRow({ name, selectable, selected, onSelect, onOpen, children }: SelectableRowProps) {
  return (
    <Table.Tr
      bg={selected ? 'var(--mantine-color-navy-light)' : undefined}
      style={onOpen ? { cursor: 'pointer' } : undefined}
      onClick={(event) => {
        if (onOpen && !fromControl(event)) onOpen();
      }}
    >
      {selectable && (
        // A click that misses the small checkbox must not open the item instead.
        <Table.Td w={40} onClick={(event) => event.stopPropagation()}>
          <Checkbox
            aria-label={`Select ${name}`}
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
          />
        </Table.Td>
      )}
      {children}
    </Table.Tr>
  );
}

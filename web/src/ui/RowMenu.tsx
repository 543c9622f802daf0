import { ActionIcon, Menu } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import type { ReactNode } from 'react';

type RowMenuProps = {
  /** What the row shows, for the button's name: "Actions for {name}". */
  name: string;
  width?: number;
  /** The `Menu.Item`s. */
  children: ReactNode;
};

/** The ⋮ menu at the end of a table row. */
export function RowMenu({ name, width = 170, children }: RowMenuProps) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={width}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`}>
          <IconDots size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

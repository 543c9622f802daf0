import { Box, Checkbox, Table, Text, Tooltip } from '@mantine/core';
import { ACTIONS, type Permission } from '@telegraf-controller/contract/permissions';
import { ACTION_LABELS } from '../../ui/permission-labels';
import { rowPermissions, toggled, type GridRow } from './permission-grid';

const CANNOT_GRANT = 'Your role cannot grant this';

type PermissionGridProps = {
  rows: GridRow[];
  /** What the signed-in user's role can put in a token; every other cell is disabled. */
  grantable: ReadonlySet<Permission>;
  value: readonly Permission[];
  onChange: (permissions: Permission[]) => void;
  error?: string;
};

/** Resources × All / Read / Write / Delete; a cell exists only where the resource has that action. */
export function PermissionGrid({ rows, grantable, value, onChange, error }: PermissionGridProps) {
  const held = new Set(value);
  return (
    <Box>
      <Box
        style={{
          border: `1px solid ${error ? 'var(--mantine-color-error)' : 'var(--mantine-color-default-border)'}`,
          borderRadius: 'var(--mantine-radius-md)',
          overflow: 'hidden',
        }}
      >
        <Table verticalSpacing={6} horizontalSpacing="sm" striped aria-label="Permissions" layout="fixed">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>Resource</Table.Th>
              {['All', ...ACTIONS.map((action) => ACTION_LABELS[action])].map((label) => (
                <Table.Th key={label} ta="center" w={72}>
                  {label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const allowed = rowPermissions(row).filter((permission) => grantable.has(permission));
              const ticked = allowed.filter((permission) => held.has(permission)).length;
              return (
                <Table.Tr key={row.resource}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {row.label}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Cell
                      label={`${row.label}: All`}
                      disabled={allowed.length === 0}
                      checked={allowed.length > 0 && ticked === allowed.length}
                      indeterminate={ticked > 0 && ticked < allowed.length}
                      onChange={(on) => onChange(toggled(value, allowed, on))}
                    />
                  </Table.Td>
                  {ACTIONS.map((action) => {
                    const permission = row.cells[action];
                    return (
                      <Table.Td key={action}>
                        {permission && (
                          <Cell
                            label={`${row.label}: ${ACTION_LABELS[action]}`}
                            disabled={!grantable.has(permission)}
                            checked={held.has(permission)}
                            onChange={(on) => onChange(toggled(value, [permission], on))}
                          />
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Box>
      {error && (
        <Text c="red" size="sm" mt={4} role="alert">
          {error}
        </Text>
      )}
    </Box>
  );
}

type CellProps = {
  label: string;
  disabled: boolean;
  checked: boolean;
  indeterminate?: boolean;
  onChange: (checked: boolean) => void;
};

function Cell({ label, disabled, checked, indeterminate, onChange }: CellProps) {
  // A disabled input gets no pointer events, so the tooltip listens on a wrapper around it.
  return (
    <Tooltip label={CANNOT_GRANT} disabled={!disabled} withArrow>
      <Box w="fit-content" mx="auto">
        <Checkbox
          aria-label={label}
          radius="sm"
          title={disabled ? CANNOT_GRANT : undefined}
          disabled={disabled}
          checked={checked && !disabled}
          indeterminate={indeterminate}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      </Box>
    </Tooltip>
  );
}

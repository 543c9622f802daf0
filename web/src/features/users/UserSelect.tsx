import { Group, Select, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { User } from '@telegraf-controller/contract/users';
import { useState } from 'react';
import { RoleBadge } from '../../ui/RoleBadge';
import { useUsers } from './users.queries';

const SEARCH_DELAY_MS = 300;

type UserSelectProps = Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter' | 'renderOption'
> & {
  value: User | null;
  onChange: (user: User | null) => void;
};

/** Picks one user; the server searches by username, email and name (the list can be long). Needs users:read. */
export function UserSelect({ value, onChange, ...props }: UserSelectProps) {
  const [search, setSearch] = useState('');
  // The input shows the chosen username; that is not a search, so the dropdown lists everyone again.
  const typed = search === value?.username ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const users = useUsers(debounced);
  const found = users.data?.pages[0]?.items ?? [];
  const choices = value && !found.some((user) => user.id === value.id) ? [value, ...found] : found;
  const byId = new Map(choices.map((user) => [user.id, user]));

  return (
    <Select
      {...props}
      searchable
      data={choices.map((user) => ({ value: user.id, label: user.username }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id === null ? null : (byId.get(id) ?? null))}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={users.isFetching ? 'Searching…' : 'No user matches'}
      renderOption={({ option }) => {
        const user = byId.get(option.value);
        return (
          <Group justify="space-between" wrap="nowrap" w="100%" gap="sm">
            <Text size="sm">{option.label}</Text>
            {user && <RoleBadge role={user.role} />}
          </Group>
        );
      }}
    />
  );
}

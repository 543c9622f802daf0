import { Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useCan } from '../auth/use-can';
import { LabelFilter } from '../labels/LabelFilter';
import type { ConfigFilters } from './configs.queries';

const SEARCH_DELAY_MS = 300;
const SORTS = [
  { value: 'updated-desc', label: 'Recently updated', sort: { sortBy: 'updatedAt', sortOrder: 'desc' } },
  { value: 'updated-asc', label: 'Least recently updated', sort: { sortBy: 'updatedAt', sortOrder: 'asc' } },
  { value: 'name-asc', label: 'Name A–Z', sort: { sortBy: 'name', sortOrder: 'asc' } },
  { value: 'name-desc', label: 'Name Z–A', sort: { sortBy: 'name', sortOrder: 'desc' } },
  { value: 'created-desc', label: 'Newest first', sort: { sortBy: 'createdAt', sortOrder: 'desc' } },
  { value: 'created-asc', label: 'Oldest first', sort: { sortBy: 'createdAt', sortOrder: 'asc' } },
] as const satisfies readonly { value: string; label: string; sort: Pick<ConfigFilters, 'sortBy' | 'sortOrder'> }[];
export type ConfigSortKey = (typeof SORTS)[number]['value'];

/** The search, label filter and sort of the configuration and config group lists; `filters` is what the server reads. */
export function useConfigListFilters(initialSort: ConfigSortKey) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [sortKey, setSortKey] = useState<ConfigSortKey>(initialSort);
  const [labels, setLabels] = useState<LabelRef[]>([]);
  const { sort } = SORTS.find((option) => option.value === sortKey) ?? SORTS[0];
  const filters: Required<ConfigFilters> = {
    search: debouncedSearch,
    sortBy: sort.sortBy,
    sortOrder: sort.sortOrder,
    labels: labels.map((label) => label.id),
  };
  return {
    search,
    setSearch,
    sortKey,
    setSortKey,
    labels,
    setLabels,
    filters,
    /** Whether anything narrows the list, so an empty one says "no match" rather than "none yet". */
    filtered: Boolean(debouncedSearch) || labels.length > 0,
    /** Why the list is empty while `filtered`, e.g. "No configuration matches “edge”." */
    noMatch: (noun: string) =>
      `No ${noun} matches ${debouncedSearch ? `“${debouncedSearch}”` : 'these labels'}` +
      `${debouncedSearch && labels.length > 0 ? ' with these labels' : ''}.`,
  };
}

export type ConfigListFilterState = ReturnType<typeof useConfigListFilters>;

type ConfigListFilterBarProps = {
  state: ConfigListFilterState;
  /** The search box's accessible name, e.g. "Search configurations". */
  searchLabel: string;
  placeholder: string;
  /** Called on every change, e.g. to clear a selection the new list may not show. */
  onChange: () => void;
};

/** The search box, label filter (for roles that can read labels) and sort above the list. */
export function ConfigListFilterBar({ state, searchLabel, placeholder, onChange }: ConfigListFilterBarProps) {
  const canReadLabels = useCan('labels:read');
  return (
    <Group gap="sm" align="flex-start">
      <TextInput
        aria-label={searchLabel}
        placeholder={placeholder}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={state.search}
        onChange={(event) => {
          state.setSearch(event.currentTarget.value);
          onChange();
        }}
        w={300}
      />
      {canReadLabels && (
        <LabelFilter
          value={state.labels}
          onChange={(next) => {
            state.setLabels(next);
            onChange();
          }}
        />
      )}
      <Select
        aria-label="Sort"
        data={SORTS.map(({ value, label }) => ({ value, label }))}
        value={state.sortKey}
        onChange={(value) => value && state.setSortKey(value as ConfigSortKey)}
        allowDeselect={false}
        w={220}
      />
    </Group>
  );
}

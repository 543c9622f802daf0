import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { useState } from 'react';
import { useConfigs } from './configs.queries';

const SEARCH_DELAY_MS = 300;

type ConfigSelectProps = Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter'
> & {
  value: ConfigSummary | null;
  onChange: (config: ConfigSummary | null) => void;
  /** A configuration never offered, e.g. the one being moved away from. */
  excludeId?: string;
};

/** Picks one configuration by name; the server searches (the list can be long). */
export function ConfigSelect({ value, onChange, excludeId, ...props }: ConfigSelectProps) {
  const [search, setSearch] = useState('');
  // The input shows the chosen name; that is not a search, so the dropdown lists everything again.
  const typed = search === value?.name ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const configs = useConfigs({ search: debounced, sortBy: 'name', sortOrder: 'asc' });
  const found = (configs.data?.pages[0]?.items ?? []).filter((config) => config.id !== excludeId);
  const choices = value && !found.some((config) => config.id === value.id) ? [value, ...found] : found;
  const byId = new Map(choices.map((config) => [config.id, config]));

  return (
    <Select
      {...props}
      searchable
      data={choices.map((config) => ({ value: config.id, label: config.name }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id === null ? null : (byId.get(id) ?? null))}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={configs.isFetching ? 'Searching…' : 'No configuration matches'}
    />
  );
}

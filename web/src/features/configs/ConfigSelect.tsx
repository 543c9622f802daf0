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
  /** The chosen configuration; its id and name are enough (a filter read from a URL may know no more). */
  value: Pick<ConfigSummary, 'id' | 'name'> | null;
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

  return (
    <Select
      {...props}
      searchable
      data={choices.map((config) => ({ value: config.id, label: config.name }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(found.find((config) => config.id === id) ?? null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={configs.isFetching ? 'Searching…' : 'No configuration matches'}
    />
  );
}

import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useCan } from '../auth/use-can';
import { useConfigs } from '../configs/configs.queries';

const SEARCH_DELAY_MS = 300;

export type PickedConfig = { id: string; name: string };

type ConfigPickerProps = {
  label: string;
  description?: string;
  /** In the order they were picked: that is the order they join the group in. */
  value: PickedConfig[];
  onChange: (value: PickedConfig[]) => void;
  /** Configurations already in the group: not offered again. */
  exclude?: ReadonlySet<string>;
  autoFocus?: boolean;
};

/** Configurations chosen by name, searched on the server; the first page of matches is offered. */
export function ConfigPicker({ label, description, value, onChange, exclude, autoFocus }: ConfigPickerProps) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const canList = useCan('configs:read');
  const configs = useConfigs({ search: debouncedSearch, sortBy: 'name', sortOrder: 'asc' }, canList);
  const found = configs.data?.pages[0]?.items ?? [];
  const picked = new Set(value.map(({ id }) => id));
  // Picked options stay in the data, or their pills would lose their names when the search moves on.
  const options = [
    ...value.map(({ id, name }) => ({ value: id, label: name })),
    ...found
      .filter(({ id }) => !picked.has(id) && !exclude?.has(id))
      .map(({ id, name }) => ({ value: id, label: name })),
  ];
  const names = new Map(options.map((option) => [option.value, option.label]));

  return (
    <MultiSelect
      label={label}
      description={canList ? description : 'Your role cannot list configurations.'}
      disabled={!canList}
      placeholder={value.length === 0 ? 'Search configurations by name' : undefined}
      data={options}
      value={value.map(({ id }) => id)}
      onChange={(ids) => onChange(ids.map((id) => ({ id, name: names.get(id) ?? id })))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched; the options are shown as it answered.
      filter={({ options: all }) => all}
      hidePickedOptions
      clearSearchOnChange
      nothingFoundMessage={configs.isFetching ? 'Searching…' : 'No other configuration matches'}
      maxDropdownHeight={260}
      comboboxProps={{ withinPortal: true }}
      data-autofocus={autoFocus ? true : undefined}
    />
  );
}

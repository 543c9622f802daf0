import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { useState } from 'react';
import { useLabelOptions } from '../labels/labels.queries';

const SEARCH_DELAY_MS = 300;

type LabelSelectProps = Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter'
> & {
  value: LabelRef | null;
  onChange: (label: LabelRef | null) => void;
};

/** Picks one label by name; the server searches (there can be many). */
export function LabelSelect({ value, onChange, ...props }: LabelSelectProps) {
  const [search, setSearch] = useState('');
  // The input shows the chosen name; that is not a search, so the dropdown lists everything again.
  const typed = search === value?.name ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const labels = useLabelOptions(debounced);
  const found: LabelRef[] = (labels.data?.items ?? []).map(({ id, name, color }) => ({ id, name, color }));
  const choices = value && !found.some((label) => label.id === value.id) ? [value, ...found] : found;
  const byId = new Map(choices.map((label) => [label.id, label]));

  return (
    <Select
      {...props}
      searchable
      data={choices.map((label) => ({ value: label.id, label: label.name }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id === null ? null : (byId.get(id) ?? null))}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={labels.isFetching ? 'Searching…' : 'No label matches'}
    />
  );
}

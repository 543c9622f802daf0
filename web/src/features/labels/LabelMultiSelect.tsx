import { ColorSwatch, Combobox, Group, Pill, PillsInput, Text, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { useState } from 'react';
import { LabelChip } from './LabelChip';
import { useLabelOptions } from './labels.queries';

const SEARCH_DELAY_MS = 300;

export type LabelMultiSelectProps = {
  value: LabelRef[];
  onChange: (labels: LabelRef[]) => void;
  /** The accessible name of the text field, e.g. "Filter by label". */
  ariaLabel: string;
  label?: string;
  placeholder?: string;
  /** Label ids never offered, e.g. the ones an item carries already. */
  exclude?: readonly string[];
  /** A fixed list to choose from instead of the server's labels (searched here by name). */
  options?: readonly LabelRef[];
  w?: number | string;
  /** False inside a popover, whose click-outside check would otherwise close it on every choice. */
  withinPortal?: boolean;
};

/**
 * Chooses several labels: the chosen ones show as chips with a ✕ inside the field, the dropdown offers the others.
 * The server searches its labels as the user types; Backspace in the empty field drops the last chip.
 */
export function LabelMultiSelect({
  value,
  onChange,
  ariaLabel,
  label,
  placeholder,
  exclude = [],
  options,
  w,
  withinPortal = true,
}: LabelMultiSelectProps) {
  const combobox = useCombobox({
    onDropdownClose: () => combobox.resetSelectedOption(),
    onDropdownOpen: () => combobox.updateSelectedOptionIndex('active'),
  });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const fromServer = useLabelOptions(debounced, options === undefined);
  const needle = search.trim().toLowerCase();
  const candidates = options
    ? options.filter((option) => option.name.toLowerCase().includes(needle))
    : (fromServer.data?.items ?? []);
  const hidden = new Set([...exclude, ...value.map((chosen) => chosen.id)]);
  const offered = candidates.filter((candidate) => !hidden.has(candidate.id));

  const add = (id: string) => {
    const chosen = offered.find((candidate) => candidate.id === id);
    if (chosen) onChange([...value, { id: chosen.id, name: chosen.name, color: chosen.color }]);
    setSearch('');
    // Closed after each choice so the buttons under the field stay reachable; a click or typing opens it again.
    combobox.closeDropdown();
  };
  const remove = (id: string) => onChange(value.filter((chosen) => chosen.id !== id));

  return (
    <Combobox store={combobox} onOptionSubmit={add} withinPortal={withinPortal}>
      <Combobox.DropdownTarget>
        <PillsInput label={label} onClick={() => combobox.openDropdown()} w={w}>
          <Pill.Group>
            {value.map((chosen) => (
              <LabelChip key={chosen.id} label={chosen} size="sm" onRemove={() => remove(chosen.id)} />
            ))}
            <Combobox.EventsTarget>
              <PillsInput.Field
                aria-label={ariaLabel}
                placeholder={value.length === 0 ? placeholder : undefined}
                value={search}
                onFocus={() => combobox.openDropdown()}
                onBlur={() => combobox.closeDropdown()}
                onChange={(event) => {
                  combobox.updateSelectedOptionIndex();
                  combobox.openDropdown();
                  setSearch(event.currentTarget.value);
                }}
                onKeyDown={(event) => {
                  const last = value.at(-1);
                  if (event.key === 'Backspace' && search === '' && last) {
                    event.preventDefault();
                    remove(last.id);
                  }
                }}
              />
            </Combobox.EventsTarget>
          </Pill.Group>
        </PillsInput>
      </Combobox.DropdownTarget>
      <Combobox.Dropdown>
        <Combobox.Options mah={280} style={{ overflowY: 'auto' }}>
          {offered.map((option) => (
            <Combobox.Option value={option.id} key={option.id}>
              <Group gap="xs" wrap="nowrap">
                <ColorSwatch color={option.color ?? 'var(--mantine-color-gray-4)'} size={12} withShadow={false} />
                <Text size="sm">{option.name}</Text>
              </Group>
            </Combobox.Option>
          ))}
          {offered.length === 0 && (
            <Combobox.Empty>
              {fromServer.isFetching && !options ? 'Searching…' : needle ? 'No label matches' : 'No more labels'}
            </Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

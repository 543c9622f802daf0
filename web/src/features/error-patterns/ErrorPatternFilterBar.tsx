import { Button, Group, Select, TextInput } from '@mantine/core';
import { ErrorPatternListQuery } from '@telegraf-controller/contract/error-patterns';
import { IconSearch } from '@tabler/icons-react';
import { schemaNumber } from '../../ui/schema-bounds';
import { isErrorPatternLevel, LEVEL_OPTIONS } from './error-pattern-level';
import type { ErrorPatternFilterState } from './use-error-pattern-filters';
const SEARCH_MAX_LENGTH = schemaNumber(ErrorPatternListQuery.properties.search, 'maxLength');

/** The level and the text (of the source or the pattern) the patterns are narrowed to. */
export function ErrorPatternFilterBar({ state }: { state: ErrorPatternFilterState }) {
  const { chosen, change } = state;
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        aria-label="Search patterns"
        placeholder="Search plugins and messages…"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={chosen.search}
        maxLength={SEARCH_MAX_LENGTH}
        onChange={(event) => change({ search: event.currentTarget.value })}
        w={300}
      />
      <Select
        aria-label="Level"
        placeholder="Errors and warnings"
        data={LEVEL_OPTIONS}
        value={chosen.level}
        onChange={(value) => change({ level: isErrorPatternLevel(value) ? value : null })}
        clearable
        w={200}
      />
      {state.filtered && (
        <Button variant="subtle" onClick={state.clear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

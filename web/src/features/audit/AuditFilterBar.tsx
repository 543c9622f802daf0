import { Autocomplete, Button, Group, Select, TextInput } from '@mantine/core';
import { AuditQuery } from '@telegraf-controller/contract/audit';
import { capitalize } from '../../ui/format';
import { schemaNumber } from '../../ui/schema-bounds';
import { KNOWN_AUDIT_ACTIONS } from './audit-actions';
import { AUDIT_OUTCOMES, isAuditOutcome, isoToLocalInput, localInputToIso } from './audit-filters';
import type { AuditFilterState } from './use-audit-filters';

const OUTCOME_OPTIONS = AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: capitalize(outcome) }));

const maxLength = (name: 'actor' | 'action' | 'target') => schemaNumber(AuditQuery.properties[name], 'maxLength');

/** The time range (in the reader's time zone), actor, action, target and outcome the log is narrowed to. */
export function AuditFilterBar({ state }: { state: AuditFilterState }) {
  const { chosen, change } = state;
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        type="datetime-local"
        label="From"
        value={isoToLocalInput(chosen.from)}
        onChange={(event) => change({ from: localInputToIso(event.currentTarget.value) })}
        w={190}
      />
      <TextInput
        type="datetime-local"
        label="To"
        value={isoToLocalInput(chosen.to)}
        onChange={(event) => change({ to: localInputToIso(event.currentTarget.value) })}
        w={190}
      />
      <TextInput
        label="Actor ID"
        placeholder="User or token ID"
        value={chosen.actor}
        maxLength={maxLength('actor')}
        onChange={(event) => change({ actor: event.currentTarget.value })}
        w={170}
      />
      <Autocomplete
        label="Action"
        placeholder="Any action"
        data={KNOWN_AUDIT_ACTIONS}
        value={chosen.action}
        maxLength={maxLength('action')}
        onChange={(action) => change({ action })}
        clearable
        w={200}
      />
      <TextInput
        label="Target ID"
        placeholder="Any target"
        value={chosen.target}
        maxLength={maxLength('target')}
        onChange={(event) => change({ target: event.currentTarget.value })}
        w={170}
      />
      <Select
        label="Outcome"
        placeholder="Any outcome"
        data={OUTCOME_OPTIONS}
        value={chosen.outcome}
        onChange={(value) => change({ outcome: isAuditOutcome(value) ? value : null })}
        clearable
        w={140}
      />
      {state.filtered && (
        <Button variant="subtle" onClick={state.clear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

import {
  ActionIcon,
  Fieldset,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { LabelMultiSelect } from '../labels/LabelMultiSelect';
import {
  DEFAULT_BAKE_SECONDS,
  MAX_BAKE_SECONDS,
  type CohortDraft,
  type CohortSelector,
  type DraftErrors,
} from './rollout-draft';

type CohortFieldsProps = {
  index: number;
  count: number;
  draft: CohortDraft;
  errors: DraftErrors;
  onChange: (change: Partial<CohortDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

const SELECTORS: { value: CohortSelector; label: string }[] = [
  { value: 'percent', label: 'Percent' },
  { value: 'labels', label: 'Labels' },
  { value: 'agents', label: 'Agents' },
];

/** One cohort of the New rollout form: which agents, how long it bakes, and the gates it must pass. */
export function CohortFields({ index, count, draft, errors, onChange, onMove, onRemove }: CohortFieldsProps) {
  const at = `cohorts.${index}`;
  const legend = `Cohort ${index + 1}`;
  const number = (field: keyof CohortDraft) => ({
    value: draft[field] as string,
    onChange: (value: string | number) => onChange({ [field]: String(value) }),
    error: errors[`${at}.${field}`] ?? errors[`${at}.gates.${field}`],
    allowNegative: false,
  });
  return (
    <Fieldset legend={legend} radius="md">
      <Group justify="space-between" align="flex-end" mb="sm" wrap="nowrap">
        <TextInput
          label="Name"
          placeholder={`cohort ${index + 1}`}
          maxLength={100}
          value={draft.name}
          onChange={(event) => onChange({ name: event.currentTarget.value })}
          error={errors[`${at}.name`]}
          style={{ flex: 1 }}
        />
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            aria-label={`Move ${legend} up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <IconArrowUp size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            aria-label={`Move ${legend} down`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <IconArrowDown size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${legend}`}
            disabled={count === 1}
            onClick={onRemove}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Group>
      <SegmentedControl
        aria-label={`How ${legend} selects agents`}
        data={SELECTORS}
        value={draft.selector}
        onChange={(value) => onChange({ selector: value as CohortSelector })}
        mb="xs"
      />
      {draft.selector === 'percent' && (
        <NumberInput
          label="Share of all agents (%)"
          description="Cumulative: each percent cohort includes the ones before it, so the shares grow (5, 25, 100)."
          min={0}
          max={100}
          {...number('percent')}
        />
      )}
      {draft.selector === 'labels' && (
        <LabelMultiSelect
          label="Labels"
          ariaLabel={`Labels of ${legend}`}
          placeholder="Agents carrying any of these"
          value={draft.labels}
          onChange={(labels) => onChange({ labels })}
        />
      )}
      {draft.selector === 'agents' && (
        <Textarea
          label="Agent ids"
          description="One a line."
          autosize
          minRows={2}
          maxRows={8}
          value={draft.agents}
          onChange={(event) => onChange({ agents: event.currentTarget.value })}
          error={errors[`${at}.agents`]}
        />
      )}
      {/* The label picker has no error slot, and the server names a cohort as a whole when its selectors clash. */}
      {(errors[at] ?? (draft.selector === 'labels' ? errors[`${at}.labels`] : undefined)) && (
        <Text size="xs" c="red" mt={4}>
          {errors[at] ?? errors[`${at}.labels`]}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} mt="sm">
        <NumberInput
          label="Bake (seconds)"
          description="Before its gates are judged."
          placeholder={String(DEFAULT_BAKE_SECONDS)}
          min={0}
          max={MAX_BAKE_SECONDS}
          allowDecimal={false}
          {...number('bakeSeconds')}
        />
        <NumberInput label="Max Fail (%)" placeholder="0" min={0} max={100} {...number('maxFailPercent')} />
        <NumberInput
          label="Max Not Reporting (%)"
          placeholder="10"
          min={0}
          max={100}
          {...number('maxNotReportingPercent')}
        />
        <NumberInput
          label="Max newly erroring (%)"
          placeholder="10"
          min={0}
          max={100}
          {...number('maxNewlyErroringPercent')}
        />
        <NumberInput
          label="Min sample (agents)"
          placeholder="5 % of the cohort"
          min={1}
          allowDecimal={false}
          {...number('minSample')}
        />
      </SimpleGrid>
    </Fieldset>
  );
}

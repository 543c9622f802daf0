import { Modal, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ReportingRule, RuleDescription, ThresholdSeconds } from '@telegraf-controller/contract/reporting-rules';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { integerProblem } from '../../ui/field-checks';
import { FormError } from '../../ui/FormError';
import { schemaNumber } from '../../ui/schema-bounds';
import { useFormFields } from '../../ui/use-form-fields';
import { useLastPresent } from '../../ui/use-last-present';
import { ThresholdInput } from './ThresholdInput';
import { useCreateReportingRule, useUpdateReportingRule } from './reporting-rules.queries';
import { splitThreshold, thresholdInWords, thresholdSeconds } from './threshold';
import { FormActions } from '../../ui/FormActions';

const DESCRIPTION_MAX_LENGTH = schemaNumber(RuleDescription, 'maxLength');
const MIN_SECONDS = schemaNumber(ThresholdSeconds, 'minimum');
const MAX_SECONDS = schemaNumber(ThresholdSeconds, 'maximum');
const OUT_OF_RANGE = `Enter a whole number between ${thresholdInWords(MIN_SECONDS)} and ${thresholdInWords(MAX_SECONDS)}.`;
// Silent and Degrading share their bounds: heartbeats in a row, 0 for never.
const MIN_BEATS = schemaNumber(ReportingRule.properties.silentAfterBeats, 'minimum');
const MAX_BEATS = schemaNumber(ReportingRule.properties.silentAfterBeats, 'maximum');
/** What the server applies when a new rule leaves them out (ReportingRuleCreate). */
const DEFAULT_BEATS = 3;
const BEATS_FIELDS = {
  silentAfterBeats: {
    label: 'Silent after (heartbeats)',
    description:
      'Flags an agent Silent once this many heartbeats in a row route no metric while it reports OK. 0: never.',
  },
  degradingAfterBeats: {
    label: 'Degrading after (heartbeats)',
    description:
      'Flags an agent Degrading once this many heartbeats in a row each carry more errors than the one before. 0: never.',
  },
} as const;

type ReportingRuleFormModalProps = {
  /** null adds a new rule; otherwise this one is edited. */
  rule: ReportingRule | null;
  opened: boolean;
  onClose: () => void;
};

export function ReportingRuleFormModal({ rule: current, opened, onClose }: ReportingRuleFormModalProps) {
  const rule = useLastPresent(current);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={650}>{rule ? 'Edit Rule' : 'Add Rule'}</Text>}
      size="lg"
      centered
    >
      <ReportingRuleForm key={rule?.id ?? ''} rule={rule} onDone={onClose} />
    </Modal>
  );
}

type Field =
  | 'description'
  | 'notReportingAfterSeconds'
  | 'notReportingUnit'
  | 'autoDeleteAfterSeconds'
  | 'autoDeleteUnit'
  | 'silentAfterBeats'
  | 'degradingAfterBeats';

/** The threshold in seconds, or the message to show next to it. */
function checkThreshold(amount: string, unit: string): number | string {
  const seconds = thresholdSeconds(amount, unit);
  return seconds === null || seconds < MIN_SECONDS || seconds > MAX_SECONDS ? OUT_OF_RANGE : seconds;
}

function ReportingRuleForm({ rule, onDone }: { rule: ReportingRule | null; onDone: () => void }) {
  const notReporting = splitThreshold(rule?.notReportingAfterSeconds ?? 180);
  const autoDeleteAfter = splitThreshold(rule?.autoDeleteAfterSeconds ?? 7 * 86_400);
  const form = useFormFields<Field>({
    description: rule?.description ?? '',
    notReportingAfterSeconds: notReporting.amount,
    notReportingUnit: notReporting.unit,
    autoDeleteAfterSeconds: autoDeleteAfter.amount,
    autoDeleteUnit: autoDeleteAfter.unit,
    silentAfterBeats: String(rule?.silentAfterBeats ?? DEFAULT_BEATS),
    degradingAfterBeats: String(rule?.degradingAfterBeats ?? DEFAULT_BEATS),
  });
  const [autoDelete, setAutoDelete] = useState(rule?.autoDelete ?? false);
  const [isDefault, setIsDefault] = useState(rule?.isDefault ?? false);
  const create = useCreateReportingRule();
  const update = useUpdateReportingRule();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const pending = create.isPending || update.isPending;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const { values } = form;
    const description = values.description.trim();
    const notReportingAfterSeconds = checkThreshold(values.notReportingAfterSeconds, values.notReportingUnit);
    const autoDeleteAfterSeconds = autoDelete
      ? checkThreshold(values.autoDeleteAfterSeconds, values.autoDeleteUnit)
      : null;
    const beatsProblem = (field: keyof typeof BEATS_FIELDS) =>
      integerProblem(values[field], BEATS_FIELDS[field].label, MIN_BEATS, MAX_BEATS);
    const errors = {
      description: description ? undefined : 'Enter a description.',
      notReportingAfterSeconds: typeof notReportingAfterSeconds === 'string' ? notReportingAfterSeconds : undefined,
      autoDeleteAfterSeconds: typeof autoDeleteAfterSeconds === 'string' ? autoDeleteAfterSeconds : undefined,
      silentAfterBeats: beatsProblem('silentAfterBeats'),
      degradingAfterBeats: beatsProblem('degradingAfterBeats'),
    };
    form.setErrors(errors);
    if (
      typeof notReportingAfterSeconds === 'string' ||
      typeof autoDeleteAfterSeconds === 'string' ||
      !description ||
      errors.silentAfterBeats ||
      errors.degradingAfterBeats
    ) {
      return;
    }
    const body = {
      description,
      notReportingAfterSeconds,
      autoDelete,
      autoDeleteAfterSeconds,
      silentAfterBeats: Number(values.silentAfterBeats),
      degradingAfterBeats: Number(values.degradingAfterBeats),
    };
    const onError = (error: ApiError) => setFormError(form.showServerErrors(error) ? null : error);
    const onSuccess = (saved: ReportingRule) => {
      notifications.show({
        color: 'green',
        title: rule ? 'Rule updated' : 'Rule added',
        message: saved.isDefault ? `${saved.description} is the default rule.` : `${saved.description} is saved.`,
      });
      onDone();
    };
    if (rule) {
      // Only turning the default on means anything: a default rule stays default until another takes its place.
      update.mutate(
        { id: rule.id, ...body, ...(isDefault && !rule.isDefault ? { isDefault } : {}) },
        { onSuccess, onError },
      );
      return;
    }
    create.mutate({ ...body, isDefault }, { onSuccess, onError });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} title={rule ? 'The rule was not updated' : 'The rule was not added'} />
        <TextInput
          label="Description"
          description="What the rule is for, e.g. Edge sites on flaky links."
          withAsterisk
          maxLength={DESCRIPTION_MAX_LENGTH}
          data-autofocus
          {...form.inputProps('description')}
        />
        <ThresholdInput
          label="Not Reporting Threshold"
          description="An agent silent for this long shows as Not Reporting."
          amount={form.controlProps('notReportingAfterSeconds')}
          unit={form.controlProps('notReportingUnit')}
        />
        {(['silentAfterBeats', 'degradingAfterBeats'] as const).map((field) => (
          <NumberInput
            key={field}
            label={BEATS_FIELDS[field].label}
            description={BEATS_FIELDS[field].description}
            min={MIN_BEATS}
            max={MAX_BEATS}
            allowDecimal={false}
            allowNegative={false}
            styles={{ wrapper: { width: 140 } }}
            {...form.controlProps(field)}
          />
        ))}
        <Switch
          label="Auto-delete agents"
          description="Remove agents from the controller once they have been silent for a while. They reappear with their next heartbeat."
          checked={autoDelete}
          onChange={(event) => setAutoDelete(event.currentTarget.checked)}
        />
        {autoDelete && (
          <ThresholdInput
            label="Auto-delete Threshold"
            description="An agent silent for this long is deleted. It may be shorter than the Not Reporting threshold."
            amount={form.controlProps('autoDeleteAfterSeconds')}
            unit={form.controlProps('autoDeleteUnit')}
          />
        )}
        <Switch
          label="Default Rule"
          description={
            rule?.isDefault
              ? 'This is the default rule. To change that, make another rule the default.'
              : 'New agents follow the default rule. Only one rule is the default: this one takes over from it.'
          }
          checked={isDefault}
          disabled={rule?.isDefault === true}
          onChange={(event) => setIsDefault(event.currentTarget.checked)}
        />
        <FormActions submitLabel={rule ? 'Save Rule' : 'Add Rule'} pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Config } from '@telegraf-controller/contract/configs';
import type { VersionReviewRequest } from '@telegraf-controller/contract/rollouts';
import { IconFileDiff, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { CohortFields } from './CohortFields';
import { MAX_COHORTS, newCohort, toRolloutCreate, type CohortDraft, type DraftErrors } from './rollout-draft';
import { rolloutPath } from './rollout-progress';
import { useStartRollout } from './rollouts.queries';
import { VersionReviewModal } from './VersionReviewModal';

type NewRolloutModalProps = { config: Config; opened: boolean; onClose: () => void };

/** What a refusal means for the person who asked, beyond the server's detail. */
const GUIDANCE: Record<string, string> = {
  approval_required:
    'Four eyes are required: someone other than the version’s author approves it on the Versions tab first.',
  rollout_active: 'Another rollout is in progress: finish or abort it first.',
  config_pinned: 'The configuration is pinned: unpin it first.',
};

/**
 * Starts a rollout: the version, and ordered cohorts each with its selector, bake time and gates; Review shows first
 * what the version changes for a few agents of each drafted cohort.
 */
export function NewRolloutModal({ config, opened, onClose }: NewRolloutModalProps) {
  const start = useStartRollout(config.id);
  const navigate = useNavigate();
  const [version, setVersion] = useState<string>(String(config.version));
  const [cohorts, setCohorts] = useState<CohortDraft[]>(() => [newCohort('100')]);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [review, setReview] = useState<VersionReviewRequest | null>(null);

  const close = () => {
    start.reset();
    setErrors({});
    setFormError(null);
    setReview(null);
    setVersion(String(config.version));
    setCohorts([newCohort('100')]);
    onClose();
  };
  // Any edit clears the messages: they name cohorts by position, which an edit may change.
  const edit = (next: CohortDraft[]) => {
    setCohorts(next);
    setErrors({});
  };
  const change = (index: number, patch: Partial<CohortDraft>) =>
    edit(cohorts.map((cohort, at) => (at === index ? { ...cohort, ...patch } : cohort)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...cohorts];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    edit(next);
  };

  /** The version as the drafted cohorts would reach it, checked as a start would be. */
  const reviewDraft = () => {
    const checked = toRolloutCreate(version, cohorts);
    if ('errors' in checked) setErrors(checked.errors);
    else setReview(checked.body);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const checked = toRolloutCreate(version, cohorts);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    start.mutate(checked.body, {
      onSuccess: (rollout) => {
        notifications.show({
          color: 'green',
          title: 'Rollout started',
          message: `Version ${rollout.toVersion} is served to ${rollout.cohorts[0]?.name ?? 'the first cohort'} first.`,
        });
        close();
        void navigate(rolloutPath(rollout));
      },
      onError: (error) => {
        const fields = error.fieldErrors();
        setErrors(fields);
        if (Object.keys(fields).length === 0 || GUIDANCE[error.code]) setFormError(error);
      },
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      // Escape is heard by every open modal: while the review is open over the form, it closes only the review.
      closeOnEscape={review === null}
      title={<Text fw={650}>New rollout</Text>}
      size="xl"
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={formError} title="The rollout was not started">
            {formError && GUIDANCE[formError.code] && <Text size="sm">{GUIDANCE[formError.code]}</Text>}
          </FormError>
          <NumberInput
            label="Version to roll out"
            description={`Rolled out from version ${config.publishedVersion}, the published one; the latest is ${config.version}.`}
            min={1}
            max={config.version}
            allowDecimal={false}
            allowNegative={false}
            value={version}
            onChange={(value) => {
              setVersion(String(value));
              setErrors({});
            }}
            error={errors.version}
            w={320}
          />
          <Text size="sm" c="dimmed">
            Cohorts are reached in order; an agent belongs to the first that selects it. Each step serves the version to
            its cohort and the ones before, bakes, then is judged by its gates: all within their limits, the next step
            starts; one breached, the rollout reverts.
          </Text>
          {cohorts.map((cohort, index) => (
            <CohortFields
              key={cohort.key}
              index={index}
              count={cohorts.length}
              draft={cohort}
              errors={errors}
              onChange={(patch) => change(index, patch)}
              onMove={(by) => move(index, by)}
              onRemove={() => edit(cohorts.filter((_, at) => at !== index))}
            />
          ))}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => edit([...cohorts, newCohort()])}
              disabled={cohorts.length >= MAX_COHORTS}
            >
              Add Cohort
            </Button>
            <Group gap="sm">
              <Button
                variant="default"
                leftSection={<IconFileDiff size={16} aria-hidden />}
                onClick={reviewDraft}
                disabled={start.isPending}
              >
                Review
              </Button>
              <Button variant="default" onClick={close} disabled={start.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={start.isPending}>
                Start Rollout
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <VersionReviewModal configId={config.id} request={review} onClose={() => setReview(null)} />
    </Modal>
  );
}

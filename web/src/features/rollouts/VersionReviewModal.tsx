import { Alert, Badge, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import type { VersionReview, VersionReviewRequest } from '@telegraf-controller/contract/rollouts';
import { IconAlertTriangle } from '@tabler/icons-react';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { AuditDiff } from '../audit/AuditDiff';
import { useVersionReview } from './rollouts.queries';

type VersionReviewModalProps = {
  configId: string;
  /** The version, and the cohorts as a rollout would have them (none: every agent); `null` while closed. */
  request: VersionReviewRequest | null;
  onClose: () => void;
};

/** Before publishing or rolling out: what the version changes in the TOML a few agents of each cohort are served. */
export function VersionReviewModal({ configId, request, onClose }: VersionReviewModalProps) {
  const review = useVersionReview(configId, request);
  return (
    <Modal
      opened={request !== null}
      onClose={onClose}
      title={<Text fw={650}>Review version {request?.version}</Text>}
      size="80rem"
      centered
    >
      {review.error && <QueryError error={review.error} what="the review" onRetry={() => void review.refetch()} />}
      {review.data ? <ReviewBody review={review.data} /> : !review.error && <PageLoader />}
    </Modal>
  );
}

function ReviewBody({ review }: { review: VersionReview }) {
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        From version {review.fromVersion}, served now, to version {review.toVersion}: the TOML up to three agents of
        each cohort would be served, as they fetch it. Nothing is served by reviewing.
      </Text>
      {review.cohorts.map((cohort, index) => {
        const name = cohort.name || 'All agents';
        return (
          <Card key={index} withBorder radius="md" component="section" aria-label={`Cohort ${name}`}>
            <Group gap="sm" mb="sm">
              <Title order={3} fz="h5">
                {name}
              </Title>
              <Badge variant="light" color="gray" tt="none">
                {cohort.agents} agent{cohort.agents === 1 ? '' : 's'}
              </Badge>
            </Group>
            {cohort.samples.length === 0 && (
              <Text size="sm" c="dimmed">
                No agent loading this configuration is in this cohort yet.
              </Text>
            )}
            <Stack gap="sm">
              {cohort.samples.map((sample) => (
                <Stack key={sample.agentId} gap={4}>
                  <Text size="sm" fw={600} ff="monospace">
                    {sample.agentId}
                  </Text>
                  {sample.problem !== null ? (
                    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
                      {sample.problem}
                    </Alert>
                  ) : sample.diff ? (
                    <AuditDiff diff={sample.diff} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      No change: this agent is served the same TOML.
                    </Text>
                  )}
                </Stack>
              ))}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

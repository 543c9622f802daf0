import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { useLastPresent } from '../../ui/use-last-present';
import { useDeleteReportingRule } from './reporting-rules.queries';

type ReportingRuleDeleteDialogProps = {
  rule: ReportingRule | null;
  /** The rule its agents move to. */
  defaultRule: ReportingRule | undefined;
  onClose: () => void;
};

/** Confirms deleting a rule and says where its agents go. */
export function ReportingRuleDeleteDialog({ rule: current, defaultRule, onClose }: ReportingRuleDeleteDialogProps) {
  const rule = useLastPresent(current);
  const remove = useDeleteReportingRule();
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!rule) return;
    remove.mutate(rule.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Rule deleted', message: `${rule.description} is gone.` });
        close();
      },
    });
  };
  const agents = rule?.agentCount ?? 0;
  const target = defaultRule ? <b>{defaultRule.description}</b> : 'the default rule';
  return (
    <ConfirmModal
      opened={current !== null}
      onClose={close}
      title="Delete rule"
      confirmLabel="Delete"
      color="red"
      onConfirm={confirm}
      loading={remove.isPending}
      error={remove.error}
    >
      <Text size="sm">
        <b>{rule?.description}</b> will be deleted for good.{' '}
        {agents === 0 ? (
          <>No agent follows it.</>
        ) : (
          <>
            Its {agents === 1 ? 'agent moves' : `${agents} agents move`} to the default rule, {target}, and{' '}
            {agents === 1 ? 'is' : 'are'} judged by its thresholds from then on.
          </>
        )}
      </Text>
    </ConfirmModal>
  );
}

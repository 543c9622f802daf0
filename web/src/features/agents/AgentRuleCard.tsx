import { Badge, Button, Card, Group, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Agent } from '@telegraf-controller/contract/agents';
import { useState } from 'react';
import { useCan } from '../auth/use-can';
import { beatsThresholdInWords, thresholdInWords } from '../reporting-rules/threshold';
import { agentName } from './agent-name';
import { useChangeAgentRule, useReportingRule } from './agents.queries';
import { RuleChoiceModal } from './RuleChoiceModal';
import { SideFacts } from './SideFacts';

/** The rule the agent follows, its thresholds, and Change. */
export function AgentRuleCard({ agent, canWrite }: { agent: Agent; canWrite: boolean }) {
  const canReadRules = useCan('reporting-rules:read');
  const rules = useReportingRule(agent.reportingRuleId, canReadRules);
  const rule = rules.data;
  const [changing, setChanging] = useState(false);
  const change = useChangeAgentRule(agent.id);

  const close = () => {
    setChanging(false);
    change.reset();
  };
  const confirm = (ruleId: string) =>
    change.mutate(ruleId, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: 'Reporting rule changed',
          message: `${agentName(agent)} follows the new rule.`,
        });
        close();
      },
    });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="rule-heading">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="h4" id="rule-heading">
          Reporting Rule
        </Title>
        {canWrite && (
          <Button size="xs" variant="default" onClick={() => setChanging(true)}>
            Change
          </Button>
        )}
      </Group>
      {rule ? (
        <SideFacts
          items={[
            {
              label: 'Rule',
              value: (
                <Group gap={6} component="span">
                  <span data-testid="agent-rule">{rule.description}</span>
                  {rule.isDefault && (
                    <Badge size="sm" variant="light" tt="none">
                      Default
                    </Badge>
                  )}
                </Group>
              ),
            },
            { label: 'Not reporting after', value: thresholdInWords(rule.notReportingAfterSeconds) },
            {
              label: 'Auto-delete',
              value:
                rule.autoDelete && rule.autoDeleteAfterSeconds
                  ? `After ${thresholdInWords(rule.autoDeleteAfterSeconds)}`
                  : 'Never',
            },
            { label: 'Silent', value: beatsThresholdInWords(rule.silentAfterBeats) },
            { label: 'Degrading', value: beatsThresholdInWords(rule.degradingAfterBeats) },
          ]}
        />
      ) : (
        <Text size="sm" c="dimmed">
          {!canReadRules
            ? 'Your role cannot view reporting rules.'
            : rules.error
              ? `The rule could not be read: ${rules.error.detail}`
              : 'Loading the rule…'}
        </Text>
      )}
      <RuleChoiceModal
        opened={changing}
        onClose={close}
        title="Change reporting rule"
        initialRuleId={agent.reportingRuleId}
        confirmLabel="Apply"
        onConfirm={confirm}
        loading={change.isPending}
        error={change.error}
      >
        <Text size="sm">
          The rule decides when <b>{agentName(agent)}</b> counts as not reporting, when it is flagged Silent or
          Degrading, and whether it is deleted after a long silence.
        </Text>
      </RuleChoiceModal>
    </Card>
  );
}

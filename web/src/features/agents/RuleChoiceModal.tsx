import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { ReportingRuleSelect } from './ReportingRuleSelect';

type RuleChoiceModalProps = {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What changes for whom, in plain words. */
  children: ReactNode;
  /** The rule chosen when the dialog opens, e.g. the agent's current one. */
  initialRuleId?: string | null;
  confirmLabel: string;
  onConfirm: (ruleId: string) => void;
  loading: boolean;
  error: ApiError | null;
};

/** Chooses one reporting rule for one or several agents. */
export function RuleChoiceModal(props: RuleChoiceModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={<Text fw={650}>{props.title}</Text>} centered>
      {/* Mounted per opening, so each starts from the rule it is given. */}
      {props.opened && <RuleChoice {...props} />}
    </Modal>
  );
}

function RuleChoice({
  onClose,
  children,
  initialRuleId,
  confirmLabel,
  onConfirm,
  loading,
  error,
}: RuleChoiceModalProps) {
  const [ruleId, setRuleId] = useState<string | null>(initialRuleId ?? null);
  return (
    <Stack gap="md">
      <FormError error={error} title="The rule was not changed" />
      {children}
      <ReportingRuleSelect
        label="Reporting rule"
        placeholder="Choose a rule"
        value={ruleId}
        onChange={(rule) => setRuleId(rule?.id ?? null)}
        comboboxProps={{ withinPortal: false }}
      />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={loading}>
          Cancel
        </Button>
        <Button
          onClick={() => ruleId && onConfirm(ruleId)}
          disabled={!ruleId || ruleId === initialRuleId}
          loading={loading}
        >
          {confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
}

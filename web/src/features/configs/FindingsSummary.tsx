import { Group, List, Loader, Text, ThemeIcon } from '@mantine/core';
import type { TomlFinding } from '@telegraf-controller/contract/toml';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { ApiError } from '../../api';
import { ruleLabel, type EditorFindings } from './editor/diagnostics';

const SHOWN = 5;

type FindingsSummaryProps = {
  findings: EditorFindings | null;
  /** A check of the current text is under way. */
  checking: boolean;
  error: ApiError | null;
};

/** The verdict on the text under the editor: checking, clean, or the first findings with their positions. */
export function FindingsSummary({ findings, checking, error }: FindingsSummaryProps) {
  if (error && !checking) {
    return (
      <Text size="sm" c="red.7" role="alert">
        The TOML could not be checked: {error.detail}
      </Text>
    );
  }
  if (!findings) {
    return (
      <Group gap={6} aria-live="polite">
        <Loader size={14} />
        <Text size="sm" c="dimmed">
          Checking the TOML…
        </Text>
      </Group>
    );
  }
  const { errors, warnings } = findings;
  const all: { finding: TomlFinding; error: boolean }[] = [
    ...errors.map((finding) => ({ finding, error: true })),
    ...warnings.map((finding) => ({ finding, error: false })),
  ];
  return (
    <div aria-live="polite" data-testid="toml-findings">
      <Group gap={6}>
        {errors.length > 0 ? (
          <ThemeIcon size={18} color="red" variant="transparent">
            <IconCircleX size={18} aria-hidden />
          </ThemeIcon>
        ) : warnings.length > 0 ? (
          <ThemeIcon size={18} color="yellow.7" variant="transparent">
            <IconAlertTriangle size={18} aria-hidden />
          </ThemeIcon>
        ) : (
          <ThemeIcon size={18} color="teal" variant="transparent">
            <IconCircleCheck size={18} aria-hidden />
          </ThemeIcon>
        )}
        <Text size="sm" fw={500}>
          {all.length === 0 ? 'No problems found' : countsInWords(errors.length, warnings.length)}
        </Text>
        {checking && <Loader size={12} aria-label="Checking" />}
      </Group>
      {all.length > 0 && (
        <List size="sm" spacing={2} mt={6} listStyleType="none" ml={24}>
          {all.slice(0, SHOWN).map(({ finding, error }, index) => (
            <List.Item key={index}>
              <Text span size="sm" c={error ? 'red.7' : 'yellow.8'} fw={500}>
                Line {finding.line}, column {finding.column}
              </Text>
              <Text span size="sm" c="dimmed">
                {' · '}
                {ruleLabel(finding.rule)}:{' '}
              </Text>
              <Text span size="sm">
                {finding.message}
              </Text>
            </List.Item>
          ))}
          {all.length > SHOWN && (
            <List.Item>
              <Text size="sm" c="dimmed">
                and {all.length - SHOWN} more, marked in the editor.
              </Text>
            </List.Item>
          )}
        </List>
      )}
    </div>
  );
}

function countsInWords(errors: number, warnings: number): string {
  const parts = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

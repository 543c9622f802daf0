import { Badge, Box, Menu, Table, Text, Tooltip } from '@mantine/core';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import { IconCheck, IconEdit, IconTrash } from '@tabler/icons-react';
import { RowMenu } from '../../ui/RowMenu';
import { heartbeatsInWords, thresholdInWords } from './threshold';

const DEFAULT_STAYS = 'The default rule cannot be deleted: make another rule the default first.';

type ReportingRuleTableRowProps = {
  rule: ReportingRule;
  /** Offered only to roles that may change rules. */
  onEdit?: () => void;
  onMakeDefault?: () => void;
  /** Offered only to roles that may delete rules. */
  onDelete?: () => void;
};

export function ReportingRuleTableRow({ rule, onEdit, onMakeDefault, onDelete }: ReportingRuleTableRowProps) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600} lineClamp={2} maw={420}>
          {rule.description}
        </Text>
      </Table.Td>
      <Table.Td>
        <Tooltip label={`${rule.notReportingAfterSeconds} seconds`}>
          <Text size="sm" w="fit-content">
            {thresholdInWords(rule.notReportingAfterSeconds)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        {rule.autoDelete && rule.autoDeleteAfterSeconds !== null ? (
          <Text size="sm">After {thresholdInWords(rule.autoDeleteAfterSeconds)}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            Off
          </Text>
        )}
      </Table.Td>
      <BeatsCell beats={rule.silentAfterBeats} />
      <BeatsCell beats={rule.degradingAfterBeats} />
      <Table.Td>
        {rule.isDefault && (
          <Badge variant="light" color="blue">
            Default
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={rule.agentCount === 0 ? 'dimmed' : undefined}>
          {rule.agentCount}
        </Text>
      </Table.Td>
      <Table.Td w={48}>
        {(onEdit || onMakeDefault || onDelete) && (
          <RowMenu name={rule.description} width={180}>
            {onEdit && (
              <Menu.Item leftSection={<IconEdit size={14} aria-hidden />} onClick={onEdit}>
                Edit
              </Menu.Item>
            )}
            {onMakeDefault && (
              <Menu.Item
                leftSection={<IconCheck size={14} aria-hidden />}
                onClick={onMakeDefault}
                disabled={rule.isDefault}
              >
                Make Default
              </Menu.Item>
            )}
            {onDelete && (
              // A disabled item gets no pointer events, so the tooltip listens on a wrapper around it.
              <Tooltip label={DEFAULT_STAYS} disabled={!rule.isDefault} position="left" multiline w={240} withArrow>
                <Box>
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    onClick={onDelete}
                    disabled={rule.isDefault}
                    title={rule.isDefault ? DEFAULT_STAYS : undefined}
                  >
                    Delete
                  </Menu.Item>
                </Box>
              </Tooltip>
            )}
          </RowMenu>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** A Silent or Degrading threshold under its "… After" heading; 0 reads "Never", dimmed like an auto-delete off. */
function BeatsCell({ beats }: { beats: number }) {
  return (
    <Table.Td>
      <Text size="sm" c={beats === 0 ? 'dimmed' : undefined}>
        {beats === 0 ? 'Never' : heartbeatsInWords(beats)}
      </Text>
    </Table.Td>
  );
}

import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { saveFile } from '../../ui/save-file';
import { exportFile, type ExportFormat } from './audit-export';
import type { AuditFilters } from './audit-filters';
import { useAuditExport } from './audit.queries';

/** Saves every entry the filters match (up to the export cap) as JSON Lines or CSV. */
export function AuditExportMenu({ filters }: { filters: AuditFilters }) {
  const reading = useAuditExport();

  const exportAs = (format: ExportFormat) =>
    reading.mutate(filters, {
      onSuccess: ({ entries, total }) => {
        const file = exportFile(format, entries, new Date());
        saveFile(file.name, file.text, file.type);
        if (entries.length < total) {
          notifications.show({
            color: 'yellow',
            title: 'Export cut short',
            message: `Saved the newest ${entries.length.toLocaleString()} of ${total.toLocaleString()} matching entries. Narrow the time range to export the rest.`,
          });
        }
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not export the audit log', message: error.detail }),
    });

  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={18} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          loading={reading.isPending}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => exportAs('jsonl')}>Export JSON Lines</Menu.Item>
        <Menu.Item onClick={() => exportAs('csv')}>Export CSV</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { useLastPresent } from '../../ui/use-last-present';
import { ConfigSelect } from '../configs/ConfigSelect';
import type { ConfigSource } from '../configs/configs.queries';
import { useMoveAliasToConfig } from './aliases.queries';

type AliasTransferModalProps = { alias: string | null; source: ConfigSource; id: string; onClose: () => void };

/** Moves an alias to a configuration; agents on its URL load that one from their next check. */
export function AliasTransferModal({ alias: current, source, id, onClose }: AliasTransferModalProps) {
  const alias = useLastPresent(current);
  const [target, setTarget] = useState<ConfigSummary | null>(null);
  const transfer = useMoveAliasToConfig(source);

  const close = () => {
    setTarget(null);
    transfer.reset();
    onClose();
  };
  const confirm = () => {
    if (!alias || !target) return;
    transfer.mutate(
      { alias, configId: target.id },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Alias moved',
            message: `/c/${alias} now serves ${target.name}.`,
          });
          close();
        },
      },
    );
  };

  return (
    <ConfirmModal
      opened={current !== null}
      onClose={close}
      title="Move alias"
      confirmLabel="Move Alias"
      onConfirm={confirm}
      loading={transfer.isPending}
      confirmDisabled={target === null}
      error={transfer.error}
    >
      <Stack gap="sm">
        <Text size="sm">
          Agents that load <code>/c/{alias}</code> get the chosen configuration at their next check, with the parameters
          in their URL. This {source.noun} no longer answers to the alias.
        </Text>
        <ConfigSelect
          label="Move to configuration"
          placeholder="Search configurations"
          value={target}
          onChange={setTarget}
          excludeId={id}
          comboboxProps={{ withinPortal: true }}
        />
      </Stack>
    </ConfirmModal>
  );
}

import { NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Config } from '@telegraf-controller/contract/configs';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { usePinConfig, useUnpinConfig } from './rollouts.queries';

type PinDialogProps = { config: Config; action: 'pin' | 'unpin' | null; onClose: () => void };

/** Confirms the kill switch, which changes what every agent is served at its next fetch. */
export function PinDialog({ config, action, onClose }: PinDialogProps) {
  const pin = usePinConfig(config.id);
  const unpin = useUnpinConfig(config.id);
  const [version, setVersion] = useState<string | number>(config.publishedVersion);
  const chosen = Number(version);
  const valid = Number.isInteger(chosen) && chosen >= 1 && chosen <= config.version;

  const close = () => {
    pin.reset();
    unpin.reset();
    setVersion(config.publishedVersion);
    onClose();
  };
  const confirmPin = () =>
    pin.mutate(chosen, {
      onSuccess: () => {
        notifications.show({
          color: 'red',
          title: `Pinned to version ${chosen}`,
          message: 'Every agent is served this version at its next fetch.',
        });
        close();
      },
    });
  const confirmUnpin = () =>
    unpin.mutate(undefined, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'green',
          title: 'Unpinned',
          message: `Agents are served the published version ${saved.publishedVersion} again.`,
        });
        close();
      },
    });

  return (
    <>
      <ConfirmModal
        opened={action === 'pin'}
        onClose={close}
        title="Pin a version (kill switch)"
        confirmLabel="Confirm & Pin"
        color="red"
        onConfirm={confirmPin}
        loading={pin.isPending}
        confirmDisabled={!valid}
        error={pin.error}
      >
        <Stack gap="sm">
          <NumberInput
            label="Version to serve"
            description={`The published version is ${config.publishedVersion}.`}
            min={1}
            max={config.version}
            allowDecimal={false}
            allowNegative={false}
            value={version}
            onChange={setVersion}
            error={pin.error?.fieldErrors().version}
          />
          <Text size="sm">
            Every agent is served this version at its next fetch, whatever it was served before. A rollout in progress
            is aborted. Until you unpin, saves still make versions but none is served, and publishing and rollouts are
            refused.
          </Text>
        </Stack>
      </ConfirmModal>
      <ConfirmModal
        opened={action === 'unpin'}
        onClose={close}
        title={`Unpin version ${config.pinnedVersion ?? ''}`}
        confirmLabel="Confirm & Unpin"
        onConfirm={confirmUnpin}
        loading={unpin.isPending}
        error={unpin.error}
      >
        <Text size="sm">
          Agents are served the published version {config.publishedVersion} again at their next fetch
          {config.publishedVersion === config.pinnedVersion ? ' (the version pinned now)' : ''}. Publishing and rollouts
          are allowed again.
        </Text>
      </ConfirmModal>
    </>
  );
}

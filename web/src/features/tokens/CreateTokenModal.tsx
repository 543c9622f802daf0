import { Modal, Text } from '@mantine/core';
import type { TokenCreated, TokenPreset } from '@telegraf-controller/contract/tokens';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { CreateTokenForm } from './CreateTokenForm';
import { TokenCreatedPanel } from './TokenCreatedPanel';

type CreateTokenModalProps = {
  opened: boolean;
  onClose: () => void;
  initialPreset?: Exclude<TokenPreset, 'custom'>;
};

/**
 * The form, then — once — the new value. Closed, the form starts over; nothing of the value is kept. Closing it
 * (Esc, ✕, a click outside, Done) before the value was copied asks first: it cannot be shown again.
 */
export function CreateTokenModal({ opened, onClose, initialPreset }: CreateTokenModalProps) {
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const close = () => {
    if (created !== null && !copied) setConfirming(true);
    else onClose();
  };
  return (
    <>
      <Modal
        opened={opened}
        onClose={close}
        onExitTransitionEnd={() => {
          setCreated(null);
          setCopied(false);
        }}
        title={<Text fw={650}>{created ? 'API token created' : 'Create API Token'}</Text>}
        size="lg"
        centered
      >
        {created ? (
          <TokenCreatedPanel created={created} onDone={close} onCopied={() => setCopied(true)} />
        ) : (
          <CreateTokenForm onCreated={setCreated} onCancel={onClose} initialPreset={initialPreset} />
        )}
      </Modal>
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Close without copying the token?"
        confirmLabel="Close anyway"
        color="red"
        onConfirm={() => {
          setConfirming(false);
          onClose();
        }}
      >
        <Text size="sm">
          The value has not been copied, and it cannot be shown again: once closed, the only way to a working value is a
          new token.
        </Text>
      </ConfirmModal>
    </>
  );
}

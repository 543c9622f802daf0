import { Modal, Text } from '@mantine/core';
import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import { useState } from 'react';
import { CreateTokenForm } from './CreateTokenForm';
import { TokenCreatedPanel } from './TokenCreatedPanel';

type CreateTokenModalProps = { opened: boolean; onClose: () => void };

/** The form, then — once — the new value. Closed, the form starts over; nothing of the value is kept. */
export function CreateTokenModal({ opened, onClose }: CreateTokenModalProps) {
  const [created, setCreated] = useState<TokenCreated | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      // The value is shown only here: a stray click outside must not throw it away.
      closeOnClickOutside={created === null}
      onExitTransitionEnd={() => setCreated(null)}
      title={<Text fw={650}>{created ? 'API token created' : 'Create API Token'}</Text>}
      size="lg"
      centered
    >
      {created ? (
        <TokenCreatedPanel created={created} onDone={onClose} />
      ) : (
        <CreateTokenForm onCreated={setCreated} onCancel={onClose} />
      )}
    </Modal>
  );
}

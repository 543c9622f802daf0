import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { FormError } from './FormError';

type ConfirmModalProps = {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What will break or change, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** Red for destructive actions. */
  color?: string;
  loading?: boolean;
  /** Keeps the confirm button off until e.g. a typed confirmation matches. */
  confirmDisabled?: boolean;
  error?: ApiError | null;
};

/** The one confirmation dialog: every destructive or session-ending action goes through it. */
export function ConfirmModal({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  color,
  loading = false,
  confirmDisabled = false,
  error = null,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} centered>
      <Stack gap="md">
        <FormError error={error} title="The action failed" />
        {children}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={loading} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

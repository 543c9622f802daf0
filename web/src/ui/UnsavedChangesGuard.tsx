import { Text } from '@mantine/core';
import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { ConfirmModal } from './ConfirmModal';

type UnsavedChangesGuardProps = {
  when: boolean;
  /** What the unsaved changes belong to, e.g. "configuration". */
  noun: string;
};

/**
 * Asks before unsaved edits are left behind: on a link or Back inside the app, and on reload or tab close. The
 * app's own moves after a save or delete replace the history entry, and are never held up.
 */
export function UnsavedChangesGuard({ when, noun }: UnsavedChangesGuardProps) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation, historyAction }) =>
      when && historyAction !== 'REPLACE' && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);

  return (
    <ConfirmModal
      opened={blocker.state === 'blocked'}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      confirmLabel="Discard changes"
      color="red"
      onConfirm={() => blocker.proceed?.()}
    >
      <Text size="sm">The changes to this {noun} are not saved. Leaving discards them.</Text>
    </ConfirmModal>
  );
}

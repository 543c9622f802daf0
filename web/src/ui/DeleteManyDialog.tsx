import { List, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { ConfirmModal } from './ConfirmModal';
import { capitalize } from './format';

const LISTED = 10;

type Named = { id: string; name: string };

type DeleteManyDialogProps = {
  items: Named[];
  opened: boolean;
  onClose: () => void;
  onDeleted?: () => void;
  /** "configuration" / "configurations". */
  noun: { one: string; many: string };
  deleteOne: UseMutationResult<unknown, ApiError, string>;
  /** One request for several; answers which ids were deleted and which were gone already. */
  deleteMany: UseMutationResult<{ deleted: string[]; missing: string[] }, ApiError, string[]>;
  /** What is lost, in plain words; the names follow when there are several. */
  children: ReactNode;
};

/** Confirms and deletes one item, or several in one request, and reports what happened. */
export function DeleteManyDialog({
  items,
  opened,
  onClose,
  onDeleted,
  noun,
  deleteOne,
  deleteMany,
  children,
}: DeleteManyDialogProps) {
  const many = items.length > 1;
  const mutation = many ? deleteMany : deleteOne;

  const close = () => {
    deleteOne.reset();
    deleteMany.reset();
    onClose();
  };
  const done = (title: string, message: string) => {
    notifications.show({ color: 'green', title, message });
    close();
    onDeleted?.();
  };
  const confirm = () => {
    const [first] = items;
    if (!first) return;
    if (!many) {
      const title = `${capitalize(noun.one)} deleted`;
      deleteOne.mutate(first.id, { onSuccess: () => done(title, `${first.name} is gone.`) });
      return;
    }
    deleteMany.mutate(
      items.map((item) => item.id),
      {
        onSuccess: ({ deleted, missing }) =>
          done(
            `${deleted.length} ${deleted.length === 1 ? noun.one : noun.many} deleted`,
            missing.length > 0 ? `${missing.length} had already been deleted.` : 'Done.',
          ),
      },
    );
  };

  return (
    <ConfirmModal
      opened={opened}
      onClose={close}
      title={many ? `Delete ${items.length} ${noun.many}` : `Delete ${noun.one}`}
      confirmLabel="Delete"
      color="red"
      onConfirm={confirm}
      loading={mutation.isPending}
      error={mutation.error}
    >
      <Stack gap="xs">
        {children}
        {many && (
          <List size="sm" spacing={2}>
            {items.slice(0, LISTED).map((item) => (
              <List.Item key={item.id}>{item.name}</List.Item>
            ))}
            {items.length > LISTED && <List.Item>and {items.length - LISTED} more</List.Item>}
          </List>
        )}
      </Stack>
    </ConfirmModal>
  );
}

import { Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Constant } from '@telegraf-controller/contract/configs';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { useLastPresent } from '../../ui/use-last-present';
import { configsInWords, UsedByList } from './ConstantUsage';
import { useConstant, useDeleteConstant } from './constants.queries';

type UsedBy = { id: string; name: string }[];

/** `usedBy` of a 409 constant_in_use: the configurations that still refer to the constant. */
function usedByOf(problem: Record<string, unknown>): UsedBy {
  const usedBy = problem.usedBy;
  if (!Array.isArray(usedBy)) return [];
  return usedBy.filter(
    (item): item is UsedBy[number] =>
      typeof item === 'object' && item !== null && typeof item.id === 'string' && typeof item.name === 'string',
  );
}

/** Deletes an unused constant; a used one lists the configurations to change first (fresh, or from a 409). */
export function ConstantDeleteDialog({
  constant: current,
  onClose,
}: {
  constant: Constant | null;
  onClose: () => void;
}) {
  const constant = useLastPresent(current);
  const remove = useDeleteConstant();
  const detail = useConstant(constant?.name ?? null);
  const refused = remove.error?.code === 'constant_in_use' ? usedByOf(remove.error.problem) : null;
  const usedBy = refused ?? detail.data?.usedBy ?? [];

  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!constant) return;
    remove.mutate(constant.name, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Constant deleted', message: `${constant.name} is gone.` });
        close();
      },
    });
  };

  return (
    <ConfirmModal
      opened={current !== null}
      onClose={close}
      title="Delete constant"
      confirmLabel="Delete"
      color="red"
      onConfirm={confirm}
      loading={remove.isPending}
      error={refused ? null : remove.error}
      confirmDisabled={usedBy.length > 0 || detail.isPending}
    >
      {detail.isPending ? (
        <Loader size="sm" aria-label="Checking where the constant is used" />
      ) : usedBy.length > 0 ? (
        <Stack gap="xs">
          <Text size="sm">
            <b>{constant?.name}</b> cannot be deleted: {configsInWords(usedBy.length)} refer to it, and agents could not
            load {usedBy.length === 1 ? 'it' : 'them'} without it. Remove <code>::{`{${constant?.name}}`}</code> from:
          </Text>
          <UsedByList configs={usedBy} />
        </Stack>
      ) : (
        <Text size="sm">
          <b>{constant?.name}</b> will be deleted for good. No configuration uses it.
        </Text>
      )}
    </ConfirmModal>
  );
}

import { notifications } from '@mantine/notifications';
import type { Token } from '@telegraf-controller/contract/tokens';
import type { User } from '@telegraf-controller/contract/users';
import { TokenActionConfirm, type TokenAction } from './TokenActionConfirm';
import { useDeleteToken, useReassignToken, useRevokeToken } from './tokens.queries';

type TokenActionDialogProps = {
  token: Token | null;
  action: TokenAction | null;
  onClose: () => void;
  /** After the action succeeded, e.g. to leave the detail page of a deleted token. */
  onDone?: (action: TokenAction) => void;
};

/** Confirms and runs one action on one token, then says what happened. */
export function TokenActionDialog({ token, action, onClose, onDone }: TokenActionDialogProps) {
  const revoke = useRevokeToken();
  const remove = useDeleteToken();
  const reassign = useReassignToken();
  const mutation = action === 'delete' ? remove : action === 'reassign' ? reassign : revoke;

  const close = () => {
    revoke.reset();
    remove.reset();
    reassign.reset();
    onClose();
  };
  const succeeded = (done: TokenAction, title: string, message: string) => {
    notifications.show({ color: 'green', title, message });
    close();
    onDone?.(done);
  };
  const confirm = (newOwner: User | null, { children = false }: { children?: boolean } = {}) => {
    if (!token || !action) return;
    if (action === 'revoke') {
      revoke.mutate(
        { id: token.id, children },
        {
          onSuccess: () =>
            succeeded(
              'revoke',
              'Token revoked',
              children
                ? `${token.name} and the tokens created with it no longer work.`
                : `${token.name} no longer works.`,
            ),
        },
      );
    } else if (action === 'delete') {
      remove.mutate(token.id, {
        onSuccess: () => succeeded('delete', 'Token deleted', `${token.name} and its record are gone.`),
      });
    } else if (newOwner) {
      reassign.mutate(
        { id: token.id, userId: newOwner.id },
        {
          onSuccess: (updated) =>
            succeeded(
              'reassign',
              'Token reassigned',
              `${updated.name} now belongs to ${updated.username}, with ${updated.permissions.length} permissions.`,
            ),
        },
      );
    }
  };

  return (
    <TokenActionConfirm
      action={token ? action : null}
      tokens={token ? [token] : []}
      onClose={close}
      onConfirm={confirm}
      loading={mutation.isPending}
      error={mutation.error}
    />
  );
}

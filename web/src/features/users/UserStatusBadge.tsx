import { Badge, Tooltip } from '@mantine/core';
import type { User } from '@telegraf-controller/contract/users';
import { formatDateTime } from '../../ui/format';

const LOOK = {
  active: { color: 'green', label: 'Active' },
  disabled: { color: 'gray', label: 'Disabled' },
  locked: { color: 'orange', label: 'Locked' },
} as const;

export function UserStatusBadge({ user }: { user: Pick<User, 'status' | 'lockedUntil'> }) {
  const { color, label } = LOOK[user.status];
  const badge = (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
  if (user.status !== 'locked' || !user.lockedUntil) return badge;
  return <Tooltip label={`Too many failed sign-ins; unlocks ${formatDateTime(user.lockedUntil)}`}>{badge}</Tooltip>;
}

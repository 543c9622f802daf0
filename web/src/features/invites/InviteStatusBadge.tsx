import { Badge } from '@mantine/core';
import type { Invite } from '@telegraf-controller/contract/users';

export function InviteStatusBadge({ status }: { status: Invite['status'] }) {
  return status === 'expired' ? (
    <Badge color="red" variant="light">
      Expired
    </Badge>
  ) : (
    <Badge color="blue" variant="light">
      Pending
    </Badge>
  );
}

import { Anchor, Card, Divider, Stack, Text, Title } from '@mantine/core';
import type { Me, User } from '@telegraf-controller/contract/users';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { AccessActions } from './AccessActions';
import { ChangeRoleAction } from './ChangeRoleAction';
import { MakeOwnerAction } from './MakeOwnerAction';
import { ResetPasswordAction } from './ResetPasswordAction';
import { ResetSecondFactorAction } from './ResetSecondFactorAction';
import { userActions } from './user-actions';

/** The actions the signed-in user may take on this user, and only those. */
export function UserManageCard({ me, user }: { me: Me; user: User }) {
  const actions = userActions(me, user);
  const rows: { key: string; node: ReactNode }[] = [];
  if (actions.roles.length > 0)
    rows.push({ key: 'role', node: <ChangeRoleAction user={user} roles={actions.roles} /> });
  if (actions.resetPassword) rows.push({ key: 'reset', node: <ResetPasswordAction user={user} /> });
  if (actions.resetSecondFactor) rows.push({ key: 'second-factor', node: <ResetSecondFactorAction user={user} /> });
  if (actions.makeOwner) rows.push({ key: 'owner', node: <MakeOwnerAction user={user} /> });
  if (actions.disable || actions.enable || actions.delete) {
    rows.push({
      key: 'access',
      node: (
        <AccessActions user={user} canDisable={actions.disable} canEnable={actions.enable} canDelete={actions.delete} />
      ),
    });
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="manage-heading">
      <Title order={2} fz="h4" id="manage-heading" mb="xs">
        Manage
      </Title>
      {actions.blockedBecause ? (
        <Text size="sm" c="dimmed">
          {actions.blockedBecause}{' '}
          {user.id === me.user.id && (
            <Anchor component={Link} to="/account" size="sm">
              Open Account
            </Anchor>
          )}
        </Text>
      ) : (
        <Stack gap={0}>
          {rows.map(({ key, node }, index) => (
            <Fragment key={key}>
              {index > 0 && <Divider />}
              {node}
            </Fragment>
          ))}
        </Stack>
      )}
    </Card>
  );
}

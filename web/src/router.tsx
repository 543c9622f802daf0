import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from './features/account/AccountPage';
import { AgentsPage } from './features/agents/AgentsPage';
import { AuditLogPage } from './features/audit/AuditLogPage';
import { LoginPage } from './features/auth/LoginPage';
import { RequireSession } from './features/auth/RequireSession';
import { SetupPage } from './features/auth/SetupPage';
import { ConfigGroupsPage } from './features/config-groups/ConfigGroupsPage';
import { ConfigsPage } from './features/configs/ConfigsPage';
import { ConstantsPage } from './features/constants/ConstantsPage';
import { ErrorPatternsPage } from './features/error-patterns/ErrorPatternsPage';
import { InviteAcceptPage } from './features/invites/InviteAcceptPage';
import { LabelsPage } from './features/labels/LabelsPage';
import { PasswordResetPage } from './features/password-resets/PasswordResetPage';
import { RolloutDetailPage } from './features/rollouts/RolloutDetailPage';
import { ReportingRulesPage } from './features/reporting-rules/ReportingRulesPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { TokenDetailPage } from './features/tokens/TokenDetailPage';
import { TokensPage } from './features/tokens/TokensPage';
import { UserDetailPage } from './features/users/UserDetailPage';
import { UsersPage } from './features/users/UsersPage';
import { AppFrame } from './ui/AppFrame';
import { NotFoundPage } from './ui/NotFoundPage';
import { RouteErrorPage } from './ui/RouteErrorPage';

/**
 * Every client-side route. The server answers unknown non-API paths with index.html, so each of these is a deep
 * link that survives a reload. The pages before sign-in live outside the frame; the frame requires a session.
 */
export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteErrorPage /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  { path: '/invite/:code', element: <InviteAcceptPage />, errorElement: <RouteErrorPage /> },
  { path: '/reset-password/:code', element: <PasswordResetPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppFrame />
      </RequireSession>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <Navigate to="/agents" replace /> },
          { path: 'configs', element: <ConfigsPage /> },
          // The configuration editor (CodeMirror) is fetched only when one of these pages opens.
          {
            path: 'configs/new',
            lazy: async () => ({ Component: (await import('./features/configs/NewConfigPage')).NewConfigPage }),
          },
          {
            path: 'configs/:id',
            lazy: async () => ({ Component: (await import('./features/configs/ConfigDetailPage')).ConfigDetailPage }),
          },
          { path: 'configs/:id/rollouts/:rolloutId', element: <RolloutDetailPage /> },
          { path: 'config-groups', element: <ConfigGroupsPage /> },
          {
            path: 'config-groups/:id',
            lazy: async () => ({
              Component: (await import('./features/config-groups/ConfigGroupDetailPage')).ConfigGroupDetailPage,
            }),
          },
          { path: 'constants', element: <ConstantsPage /> },
          { path: 'agents', element: <AgentsPage /> },
          {
            path: 'agents/:id',
            lazy: async () => ({ Component: (await import('./features/agents/AgentDetailPage')).AgentDetailPage }),
          },
          { path: 'error-patterns', element: <ErrorPatternsPage /> },
          { path: 'reporting-rules', element: <ReportingRulesPage /> },
          { path: 'labels', element: <LabelsPage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'users/:id', element: <UserDetailPage /> },
          { path: 'tokens', element: <TokensPage /> },
          { path: 'tokens/:id', element: <TokenDetailPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'audit-log', element: <AuditLogPage /> },
          { path: 'account', element: <AccountPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

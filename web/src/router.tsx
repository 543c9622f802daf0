import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from './features/account/AccountPage';
import { AgentsPage } from './features/agents/AgentsPage';
import { LoginPage } from './features/auth/LoginPage';
import { SetupPage } from './features/auth/SetupPage';
import { ConfigGroupsPage } from './features/config-groups/ConfigGroupsPage';
import { ConfigsPage } from './features/configs/ConfigsPage';
import { ConstantsPage } from './features/constants/ConstantsPage';
import { LabelsPage } from './features/labels/LabelsPage';
import { ReportingRulesPage } from './features/reporting-rules/ReportingRulesPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { TokensPage } from './features/tokens/TokensPage';
import { UsersPage } from './features/users/UsersPage';
import { AppFrame } from './ui/AppFrame';
import { NotFoundPage } from './ui/NotFoundPage';
import { RouteErrorPage } from './ui/RouteErrorPage';

/**
 * Every client-side route. The server answers unknown non-API paths with index.html, so each of these is a deep
 * link that survives a reload.
 */
export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteErrorPage /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <AppFrame />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <Navigate to="/agents" replace /> },
          { path: 'configs', element: <ConfigsPage /> },
          { path: 'config-groups', element: <ConfigGroupsPage /> },
          { path: 'constants', element: <ConstantsPage /> },
          { path: 'agents', element: <AgentsPage /> },
          { path: 'reporting-rules', element: <ReportingRulesPage /> },
          { path: 'labels', element: <LabelsPage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'tokens', element: <TokensPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'account', element: <AccountPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

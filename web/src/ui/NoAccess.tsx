import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState';

/** What a page shows instead of its content when the signed-in role may not see it (the server answers 403). */
export function NoAccess({ children }: { children?: ReactNode }) {
  return (
    <EmptyState icon={IconLock} title="Access denied">
      {children ?? 'Your role does not include permission to see this page. Ask an administrator if you need it.'}
    </EmptyState>
  );
}

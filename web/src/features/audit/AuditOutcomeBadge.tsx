import { Badge } from '@mantine/core';
import type { AuditOutcome } from './audit-filters';

const LOOK: Record<AuditOutcome, { color: string; label: string }> = {
  success: { color: 'green', label: 'Success' },
  failure: { color: 'orange', label: 'Failure' },
  denied: { color: 'red', label: 'Denied' },
};

export function AuditOutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { color, label } = LOOK[outcome];
  return (
    <Badge color={color} variant="light" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}

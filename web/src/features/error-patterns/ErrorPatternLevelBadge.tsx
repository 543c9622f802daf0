import { Badge } from '@mantine/core';
import type { ErrorPatternLevel } from '@telegraf-controller/contract/error-patterns';
import { LEVEL_DISPLAY } from './error-pattern-level';

export function ErrorPatternLevelBadge({ level }: { level: ErrorPatternLevel }) {
  const { label, color } = LEVEL_DISPLAY[level];
  return (
    <Badge color={color} variant="light" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}

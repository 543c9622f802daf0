import { ERROR_PATTERN_LEVELS, type ErrorPatternLevel } from '@telegraf-controller/contract/error-patterns';

/** How each level reads and which Mantine colour marks it. */
export const LEVEL_DISPLAY: Record<ErrorPatternLevel, { label: string; color: string }> = {
  ERROR: { label: 'Error', color: 'red' },
  WARN: { label: 'Warning', color: 'yellow' },
};

export const LEVEL_OPTIONS = ERROR_PATTERN_LEVELS.map((level) => ({ value: level, label: LEVEL_DISPLAY[level].label }));

export function isErrorPatternLevel(value: string | null): value is ErrorPatternLevel {
  return (ERROR_PATTERN_LEVELS as readonly (string | null)[]).includes(value);
}

import { useState } from 'react';

/**
 * The value, or while it is null the last one that was not: a dialog closed by clearing what it shows keeps
 * showing it during its exit transition instead of flashing empty.
 */
export function useLastPresent<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}

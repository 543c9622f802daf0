import { useSyncExternalStore } from 'react';

const PARTS: ReadonlyArray<[number, string]> = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'm'],
  [1, 's'],
];

/**
 * Time since a server timestamp, compact and to two parts: "11s ago", "3h 37m ago", "2d 4h ago". A timestamp a
 * little ahead of this browser's clock (the server's clock decides) reads "just now"; unparsable values as sent.
 */
export function formatElapsed(value: string, now: number): string {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return value;
  let rest = Math.floor((now - at) / 1000);
  if (rest < 1) return 'just now';
  const parts: string[] = [];
  for (const [size, unit] of PARTS) {
    const count = Math.floor(rest / size);
    if (count === 0 && parts.length === 0) continue;
    parts.push(`${count}${unit}`);
    rest -= count * size;
    if (parts.length === 2) break;
  }
  return `${parts.filter((part) => !part.startsWith('0')).join(' ')} ago`;
}

// One clock for every elapsed time on screen, so a table of them ticks together with a single timer.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second while any component reads it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

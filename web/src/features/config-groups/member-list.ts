/** "1 configuration", "3 configurations". */
export function membersInWords(count: number): string {
  return `${count} configuration${count === 1 ? '' : 's'}`;
}

/** The list with the item at `from` moved to `to`; out-of-range moves answer the list unchanged. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

const PLUGIN_TABLE = /^\s*\[\[\s*(inputs|outputs|processors|aggregators)\.[^\]]+\]\]/gm;

/** How many plugin tables (`[[inputs.cpu]]`, …) a configuration's TOML declares. */
export function pluginCount(toml: string): number {
  return toml.match(PLUGIN_TABLE)?.length ?? 0;
}

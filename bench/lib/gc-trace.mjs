/**
 * Full garbage collections of a node process started with `--trace-gc`, read from its standard output. The heap
 * left after a full collection (mark-compact) is what the process still holds: RSS, by contrast, follows how much
 * heap V8 decides to keep committed, and rises and falls by tens of MB with the collector's timing.
 */
const MARK_COMPACT = / ms: Mark-Compact(?: \([a-z ]+\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

/** Starts listening on `child.stdout`; `collections()` is every full collection so far, `{ at, liveMiB }`. */
export function watchFullCollections(child) {
  const collections = [];
  let partial = '';
  child.stdout.on('data', (chunk) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const match = MARK_COMPACT.exec(line);
      if (match) collections.push({ at: performance.now(), liveMiB: Number(match[1]) });
    }
  });
  return { collections: () => [...collections] };
}

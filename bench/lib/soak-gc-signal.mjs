// Preloaded into the controller by `npm run soak` (`node --trace-gc --expose-gc --import <this file>`), on its main
// thread only: SIGUSR2 runs a full garbage collection, so that a window in which V8 ran none by itself still gets a
// figure of the heap left after one; and one full collection right away, whose `--trace-gc` line ("testing") tells
// the main thread's isolate from the SQLite writer thread's, which prints its collections to the same output.
import { isMainThread } from 'node:worker_threads';

if (isMainThread && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => globalThis.gc());
  globalThis.gc();
}

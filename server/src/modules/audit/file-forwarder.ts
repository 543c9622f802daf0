import { open } from 'node:fs/promises';
import { entryJson, type AuditForwarder } from './audit-forwarder.js';

/**
 * JSON Lines appended to a file (platform.md §6: never rotated by us). The file is opened for each batch, so a file
 * moved away by a rotation tool is followed by a new one, and each batch is flushed to disk before it counts as
 * sent. A line left half-written (a crash, a full disk) is ended first, so every line stays one JSON value.
 */
export function createFileForwarder(path: string): AuditForwarder {
  return {
    kind: 'file',
    name: `file ${path}`,
    async send(entries) {
      const text = entries.map((entry) => `${entryJson(entry)}\n`).join('');
      try {
        const file = await open(path, 'a+');
        try {
          const { size } = await file.stat();
          const last = Buffer.alloc(1);
          if (size > 0) await file.read(last, 0, 1, size - 1);
          await file.appendFile((size > 0 && last[0] !== 0x0a ? '\n' : '') + text);
          await file.datasync();
        } finally {
          await file.close();
        }
      } catch (error) {
        return { sent: 0, error: (error as Error).message };
      }
      return { sent: entries.length };
    },
    close: async () => undefined,
  };
}

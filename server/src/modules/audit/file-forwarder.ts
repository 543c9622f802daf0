import { open } from 'node:fs/promises';
import { entryJson, type AuditForwarder } from './audit-forwarder.js';

/**
 * JSON Lines appended to a file (platform.md §6: never rotated by us), readable by its owner and group only. The
 * file is opened for each batch, so a file moved away by a rotation tool is followed by a new one, and each batch
 * is flushed to disk before it counts as sent. A batch that fails midway (a full disk) is cut off again, and a line
 * a crash left half-written is ended first, so every line stays one JSON value.
 */
export function createFileForwarder(path: string): AuditForwarder {
  return {
    kind: 'file',
    destination: path,
    async send(entries) {
      const text = entries.map((entry) => `${entryJson(entry)}\n`).join('');
      try {
        const file = await open(path, 'a+', 0o640);
        try {
          const { size } = await file.stat();
          const last = Buffer.alloc(1);
          if (size > 0) await file.read(last, 0, 1, size - 1);
          try {
            await file.appendFile((size > 0 && last[0] !== 0x0a ? '\n' : '') + text);
            await file.datasync();
          } catch (error) {
            await file.truncate(size).catch(() => undefined);
            throw error;
          }
        } finally {
          await file.close();
        }
      } catch (error) {
        const { code } = error as NodeJS.ErrnoException;
        return { sent: 0, error: code === undefined ? 'the file could not be written' : `${code}: ${path}` };
      }
      return { sent: entries.length };
    },
    close: async () => undefined,
  };
}

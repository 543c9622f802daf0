import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../src/main.js';

/** The command in this process, as a user runs it; what it printed and its exit code. */
export async function command(argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'tc-command-cwd-'));
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(argv, { env: { HOME: cwd }, cwd, stdout, stderr });
  return { code, out, err };
}

// `npm start [-- options]`: install and build if needed, then run the controller (SQLite by default).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureBuilt, ensureInstalled } from './prepare.mjs';

ensureInstalled();
ensureBuilt();

const child = spawn(
  process.execPath,
  [join(ROOT, 'server', 'bin', 'telegraf-controller.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
// Ctrl+C reaches the controller directly through the terminal's process group; SIGTERM is usually sent to this
// process alone, so pass it on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

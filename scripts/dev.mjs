// `npm run dev`: TypeScript in watch mode, the controller restarted on every rebuild (node --watch), and Vite's dev
// server on :5173 with hot reload, proxying the API to :8888. Options after `--` go to the controller.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureInstalled, run, say } from './prepare.mjs';

ensureInstalled();
if (!existsSync(join(ROOT, 'server', 'dist', 'main.js'))) run('npx', ['tsc', '-b', 'contract', 'server']);

const children = [
  spawn('npx', ['tsc', '-b', '-w', '--preserveWatchOutput', 'contract', 'server'], { cwd: ROOT, stdio: 'inherit' }),
  spawn(
    process.execPath,
    ['--watch-path=server/dist', join('server', 'bin', 'telegraf-controller.js'), ...process.argv.slice(2)],
    { cwd: ROOT, stdio: 'inherit' },
  ),
  spawn('npm', ['run', 'dev', '-w', 'web'], { cwd: ROOT, stdio: 'inherit' }),
];
say('UI with hot reload: http://localhost:5173 (API on :8888, heartbeats on :8000)');

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      say(`a dev process exited with ${code}; stopping`);
      stop();
      process.exitCode = code;
    }
  });
}

import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data directory the platform expects (XDG on Linux), where the default SQLite file lives. */
export function platformDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'telegraf-controller');
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'telegraf-controller');
  }
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'telegraf-controller');
}

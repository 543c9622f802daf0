import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_WEB_ROOT, startController, type RunningController } from '../server/src/controller.js';
import { silentLogger, testOptions } from '../server/test/harness.js';
import type { Options } from '../server/src/options.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

/** Flags that keep Chromium off the network this machine does not have. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSuite {
  /** Base URL of the running controller's API + UI listener. */
  url: string;
  browser: Browser;
  controller: RunningController;
}

/**
 * A real controller (SQLite in a temp dir, the built UI from web/dist) and a real headless Chromium, shared by the
 * tests of one file and torn down after them.
 */
export function useBrowserSuite(overrides: Partial<Options> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tc-e2e-'));
    suite.controller = await startController(
      testOptions({ database: { engine: 'sqlite', file: join(dir, 'sqlite.db') }, ...overrides }),
      silentLogger,
      { webRoot: DEFAULT_WEB_ROOT },
    );
    suite.url = `http://127.0.0.1:${(suite.controller.listeners.api.server.address() as AddressInfo).port}`;
    suite.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.controller?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return suite;
}

/** Keeps a screenshot as a test artifact under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

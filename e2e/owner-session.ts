import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserSuite } from './browser.js';

/** Fills and sends the sign-in form the app shows at any path before a session exists. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'User menu' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
}

/** Moves the cursor to the end of the CodeMirror document. */
export async function editorEnd(page: Page): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
}

export type Owner = { username: string; email: string; password: string };

/** The owner of one suite's controller: created on demand, signed in through the API or the UI. */
export function ownerOf(suite: BrowserSuite, owner: Owner) {
  /** The owner exists once this resolves: created here (201) or by an earlier test (409 owner_exists). */
  async function ensureOwner(): Promise<void> {
    const response = await fetch(`${suite.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify(owner),
    });
    expect([201, 409]).toContain(response.status);
  }

  /**
   * Headers of a cookie session of the owner, for setting the scene through the API: one sign-in per suite (the
   * controller allows 20 sign-ins per address in 5 minutes), again only once the session has ended.
   */
  let signedIn: Record<string, string> | undefined;
  async function session(): Promise<Record<string, string>> {
    signedIn ??= await signInThroughApi();
    return signedIn;
  }

  async function signInThroughApi(): Promise<Record<string, string>> {
    const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    const response = await fetch(`${suite.url}/api/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: owner.username, password: owner.password }),
    });
    expect(response.status).toBe(200);
    return { ...headers, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]! };
  }

  /** A call as the owner that must succeed; answers the JSON body. */
  async function asOwner<T>(method: string, path: string, body?: unknown): Promise<T> {
    await ensureOwner();
    const send = async () =>
      fetch(`${suite.url}${path}`, {
        method,
        headers: await session(),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let response = await send();
    if (response.status === 401) {
      // The session ended (signed out, or ended by a change to the owner): sign in again, once.
      signedIn = undefined;
      response = await send();
    }
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** A new page at `path`, signed in there as the owner; `errors` collects uncaught page errors. */
  async function openSignedIn(path: string): Promise<{ page: Page; errors: string[] }> {
    await ensureOwner();
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The UI must work under the controller's Content-Security-Policy: a refused script or style is an error too.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    await page.goto(`${suite.url}${path}`);
    await signIn(page, owner.username, owner.password);
    return { page, errors };
  }

  return { ensureOwner, session, asOwner, openSignedIn };
}

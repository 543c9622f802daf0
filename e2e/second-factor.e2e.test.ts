import { describe, expect, it } from 'vitest';
import { authenticator, clearOfTotpStepEdge } from '../server/test/authenticator.js';
import { PASSWORD, createUser } from '../server/test/factories.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { signIn, signOut } from './owner-session.js';

const OWNER = { username: 'tess', email: 'tess@example.com', password: 'tess-owner-password' };
describe('two-factor authentication in the browser', () => {
  const suite = useBrowserSuite({
    ownerUsername: OWNER.username,
    ownerEmail: OWNER.email,
    ownerPassword: OWNER.password,
  });

  it('a role that requires it enrols at sign-in with the QR code, then signs in with a code; the owner resets it', async () => {
    await suite.controller.database.db
      .updateTable('settings')
      .set({ secondFactorRoles: JSON.stringify(['manager']) })
      .execute();
    const manager = await createUser(suite.controller.database, 'manager', { username: 'mira' });
    const page = await suite.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${suite.url}/agents`);
    await signIn(page, manager.username, PASSWORD);

    await page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' }).waitFor();
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const app = authenticator(await page.getByTestId('second-factor-secret').innerText());
    await screenshot(page, 'second-factor-enrol');
    await clearOfTotpStepEdge();
    await page.getByLabel('Code from the app').fill(app.code(-1));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await new Promise((r) => setTimeout(r, 2000));
    await screenshot(page, 'second-factor-debug');
    const codes = page.getByRole('listitem');
    await page.getByText('Save your recovery codes now').waitFor();
    expect(await codes.count()).toBe(10);
    await screenshot(page, 'second-factor-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();

    await signOut(page);
    await signIn(page, manager.username, PASSWORD);
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await code.fill(app.wrongCode());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong code').waitFor();
    await code.fill(app.code(1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    await page.goto(`${suite.url}/account`);
    await page.getByText(/10 recovery codes left/).waitFor();

    const owner = await (await suite.browser.newContext()).newPage();
    await owner.goto(`${suite.url}/users/${manager.id}`);
    await signIn(owner, OWNER.username, OWNER.password);
    await owner.getByRole('button', { name: 'Reset second factor' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Reset second factor' }).click();
    await owner.getByText('Second factor reset').waitFor();
    const after = await owner.evaluate(
      async (id) => (await fetch(`/api/users/${id}/second-factor`)).json(),
      manager.id,
    );
    expect(after).toEqual({ enrolled: false });
    expect(errors).toEqual([]);
  });
});

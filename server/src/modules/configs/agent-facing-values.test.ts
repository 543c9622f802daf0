import { describe, expect, it } from 'vitest';
import { callerWithRole } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';

async function setup() {
  const { app, database } = await createTestApp();
  const owner = await callerWithRole(app, database, 'owner');
  const config = (
    await app.inject({
      method: 'POST',
      url: '/api/configs',
      headers: owner.headers,
      payload: { name: 'values', toml: '[global_tags]\n  a = "&{p}"\n  b = \'&{q:x}\'\n[[inputs.cpu]]\n' },
    })
  ).json();
  return { app, owner, config };
}

describe(`what reaches agents and shells on ${engine}`, () => {
  it('a parameter value cannot make Telegraf expand a variable or read a secret', async () => {
    const { app, owner, config } = await setup();
    const served = await app.inject({
      method: 'GET',
      url: `/api/configs/${config.id}/toml?p=${encodeURIComponent('${HOME}')}&q=${encodeURIComponent('$USER')}`,
      headers: owner.headers,
    });
    expect(served.statusCode).toBe(200);
    expect(served.body).toContain('a = "$${HOME}"');
    expect(served.body).toContain("b = '$$USER'");
    const secret = await app.inject({
      method: 'GET',
      url: `/api/configs/${config.id}/toml?p=${encodeURIComponent('@{vault:password}')}`,
      headers: owner.headers,
    });
    expect(secret.statusCode).toBe(400);
    expect(secret.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/p' }] });
  });

  it('builds start commands from safe URL parts only, single-quoted', async () => {
    const { app, owner, config } = await setup();
    const command = async (host: string) =>
      app.inject({
        method: 'GET',
        url: `/api/configs/${config.id}/command?os=linux&p=${encodeURIComponent("x'; reboot #")}`,
        headers: { ...owner.headers, host },
      });
    const good = await command('ctl.example.com:8888');
    expect(good.statusCode).toBe(200);
    expect(good.json().command).toContain(
      `  --config 'http://ctl.example.com:8888/api/configs/${config.id}/toml?p=x%27%3B%20reboot%20%23'`,
    );
    for (const host of ['evil";reboot;"', "evil'x", 'a$(id)b', 'a`id`b']) {
      const refused = await command(host);
      expect(refused.statusCode, host).toBe(400);
      expect(refused.json().errors[0].pointer).toBe('/host');
    }
  });

  it('stores public URLs rebuilt from safe parts, and refuses one a shell or a TOML string would misread', async () => {
    const { app, owner } = await setup();
    const patch = (payload: object) =>
      app.inject({ method: 'PATCH', url: '/api/settings', headers: owner.headers, payload });
    const saved = await patch({ publicApiUrl: 'https://CTL.example.com:8443/tc' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().publicApiUrl).toBe('https://ctl.example.com:8443/tc');
    for (const bad of ["https://a'b.example", 'https://a"b.example', 'https://a$b.example', 'https://u:p@a.example']) {
      const refused = await patch({ publicApiUrl: bad });
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().errors[0].pointer).toBe('/publicApiUrl');
    }
  });
});

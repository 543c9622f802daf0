import { describe, expect, it } from 'vitest';
import {
  encodeComponentStrictly,
  encodePathStrictly,
  isSecretParameter,
  redactQuerySecrets,
  safeBaseUrl,
} from './urls.js';

describe('base URLs from safe parts', () => {
  it('keeps a plain URL as it is, without its trailing slash', () => {
    expect(safeBaseUrl('https://ctl.example.com:8443/tc/')).toBe('https://ctl.example.com:8443/tc');
    expect(safeBaseUrl('http://[::1]:8888')).toBe('http://[::1]:8888');
    expect(safeBaseUrl('http://Bücher.example')).toBe('http://xn--bcher-kva.example');
  });

  it('refuses a host a shell or a TOML string would read differently, and userinfo, queries and fragments', () => {
    for (const bad of [
      'http://a"b',
      "http://a'b",
      'http://a`b',
      'http://a$b',
      'http://a;b',
      'http://a{b}',
      'ftp://a',
      'http://u:p@a',
      'http://a/?q',
      'http://a/#f',
      'nonsense',
    ]) {
      expect(safeBaseUrl(bad), bad).toBeUndefined();
    }
  });

  it('percent-encodes every path character but the unreserved ones, quotes and $ included', () => {
    expect(safeBaseUrl("http://a/x'y$z(1)")).toBe('http://a/x%27y%24z%281%29');
    expect(encodePathStrictly('/c/a b/%zz')).toBe('/c/a%20b/%25zz');
    expect(encodeComponentStrictly("it's (a) *test*!")).toBe('it%27s%20%28a%29%20%2Atest%2A%21');
  });
});

describe('redactQuerySecrets', () => {
  it('replaces the values of credential parameters and keeps every other byte', () => {
    expect(
      redactQuerySecrets('http://h:8888/api/configs/c1/toml?agent_id=web%201&token=abc&DB_Password=p%40ss&region=eu'),
    ).toBe('http://h:8888/api/configs/c1/toml?agent_id=web%201&token=xxxxx&DB_Password=xxxxx&region=eu');
    expect(redactQuerySecrets('https://x/c/a?apiKey=1&api_key=2&key=3&sig=4&monkey=5&keyboard=6#frag')).toBe(
      'https://x/c/a?apiKey=xxxxx&api_key=xxxxx&key=xxxxx&sig=xxxxx&monkey=5&keyboard=6#frag',
    );
  });

  it('leaves what has no query, no value or an undecodable name alone, and is idempotent', () => {
    for (const url of [
      '/etc/telegraf/telegraf.conf',
      'http://h/c/a',
      'http://h/c/a?flag&x=',
      'http://h/c/a?%E0%A4%A=1',
    ]) {
      expect(redactQuerySecrets(url)).toBe(url);
    }
    const once = redactQuerySecrets('http://h/c/a?secret=s&%74oken=t');
    expect(once).toBe('http://h/c/a?secret=xxxxx&%74oken=xxxxx');
    expect(redactQuerySecrets(once)).toBe(once);
    expect(isSecretParameter('agent_id')).toBe(false);
    for (const name of [
      'accessKey',
      'privateKey',
      'X-Auth-Token',
      'db_pw',
      'passphrase',
      'jwt',
      'PASSWORD',
      'clientSecret',
    ]) {
      expect(isSecretParameter(name), name).toBe(true);
    }
    // A `+` in a name, and a parameter repeated: each judged, each redacted.
    expect(redactQuerySecrets('http://h/c/a?api+key=1&token=2&token=3&env=x')).toBe(
      'http://h/c/a?api+key=xxxxx&token=xxxxx&token=xxxxx&env=x',
    );
  });
});

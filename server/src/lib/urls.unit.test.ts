import { describe, expect, it } from 'vitest';
import { encodeComponentStrictly, encodePathStrictly, safeBaseUrl } from './urls.js';

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

import { describe, expect, it } from 'vitest';
import { destinationProblem, isInternalAddress } from './destinations.js';

describe('webhook destinations', () => {
  it('tells loopback, link-local, private and reserved addresses from public ones, IPv4-mapped ones too', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::5',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });

  it('refuses other schemes, credentials and internal hosts unless allowed', async () => {
    expect(await destinationProblem('ftp://example.com/x', false)).toMatch(/http/);
    expect(await destinationProblem('not a url', false)).toMatch(/absolute/);
    expect(await destinationProblem('https://user:pw@example.com/', true)).toMatch(/user or password/);
    expect(await destinationProblem('http://127.0.0.1:9/hook', false)).toMatch(/loopback/);
    expect(await destinationProblem('http://[::1]:9/hook', false)).toMatch(/loopback/);
    expect(await destinationProblem('http://localhost:9/hook', false)).toMatch(/loopback/);
    expect(await destinationProblem('http://169.254.169.254/latest/meta-data', false)).toMatch(/loopback/);
    expect(await destinationProblem('http://127.0.0.1:9/hook', true)).toBeUndefined();
    expect(await destinationProblem('https://93.184.216.34/hook', false)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { destinationProblem, INTERNAL_ADDRESS, isInternalAddress, publicAddressLookup } from './destinations.js';

/** What a connection's lookup answers when the name resolves to `addresses`: [error code, addresses]. */
function connectLookup(addresses: LookupAddress[], all: boolean) {
  const lookup = publicAddressLookup((_host, _options, callback) => callback(null, addresses));
  return new Promise<[string | undefined, unknown]>((resolve) =>
    lookup('hooks.example.com', { all }, (error, address) => resolve([error?.code, address])),
  );
}

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

  it('connects only to public addresses, whatever the name resolves to when connecting (DNS rebinding)', async () => {
    const publicOne = { address: '93.184.216.34', family: 4 };
    expect(await connectLookup([publicOne], true)).toEqual([undefined, [publicOne]]);
    expect(await connectLookup([publicOne], false)).toEqual([undefined, '93.184.216.34']);
    // The name answered a public address when it was checked, and now answers loopback or a private one too.
    expect((await connectLookup([{ address: '127.0.0.1', family: 4 }], false))[0]).toBe(INTERNAL_ADDRESS);
    expect((await connectLookup([publicOne, { address: 'fd00::1', family: 6 }], true))[0]).toBe(INTERNAL_ADDRESS);
    expect((await connectLookup([], true))[0]).toBe(INTERNAL_ADDRESS);
  });
});

import { describe, expect, it } from 'vitest';
import { renderKey, type ServedToml } from './render-cache.js';
import { answerToml, contentDisposition } from './toml-answer.js';

describe('keying rendered results', () => {
  it('keys parameters in any order, and never two different sets alike', () => {
    expect(renderKey('t', { a: '1', b: '2' })).toBe(renderKey('t', { b: '2', a: '1' }));
    const keys = [
      renderKey('t', { a: '1|1:b1:2' }),
      renderKey('t', { a: '1', b: '2' }),
      renderKey('t', { 'a1:1': '' }),
      renderKey('t1:a', {}),
      renderKey('t', { a: '1' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('answering a rendered configuration', () => {
  const served: ServedToml = {
    body: Buffer.from('[agent]\n'),
    etag: '"abc"',
    lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
    filename: 'a "quoted"\r\nname.toml',
    parameters: new Set<string>(),
    kind: 'config',
    configVersion: null,
    fetch: { identity: null, versions: [], groupId: null },
  };

  it('lets If-None-Match decide alone when sent, and If-Modified-Since otherwise', () => {
    expect(answerToml(served, 'GET', { 'if-none-match': 'W/"x", "abc"' }).status).toBe(304);
    expect(answerToml(served, 'GET', { 'if-none-match': '*' }).status).toBe(304);
    expect(answerToml(served, 'GET', { 'if-none-match': '"x"', 'if-modified-since': served.lastModified }).status).toBe(
      200,
    );
    expect(answerToml(served, 'GET', { 'if-modified-since': served.lastModified })).toEqual({
      status: 304,
      headers: ['etag', '"abc"', 'last-modified', served.lastModified, 'cache-control', 'no-cache'],
      body: undefined,
    });
    expect(headersOf(answerToml(served, 'HEAD', { 'if-modified-since': served.lastModified }))).toMatchObject({
      'content-length': '0',
    });
  });

  it("sends the listener's own headers first", () => {
    const { headers } = answerToml(served, 'HEAD', {}, ['x-content-type-options', 'nosniff']);
    expect(headers.slice(0, 4)).toEqual(['x-content-type-options', 'nosniff', 'etag', '"abc"']);
  });

  it('serves TOML, or a download with a safe file name', () => {
    expect(headersOf(answerToml(served, 'GET', {}))).toEqual({
      etag: '"abc"',
      'last-modified': served.lastModified,
      'cache-control': 'no-cache',
      'content-type': 'text/x-toml; charset=utf-8',
      'content-length': '8',
    });
    expect(headersOf(answerToml(served, 'HEAD', { accept: 'application/octet-stream' }))).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition':
        'attachment; filename="a _quoted___name.toml"; filename*=UTF-8\'\'a%20%22quoted%22%0D%0Aname.toml',
      'content-length': '8',
    });
  });
});

/** The answer's headers by name (each is sent once). */
function headersOf({ headers }: { headers: string[] }): Record<string, string> {
  const byName: Record<string, string> = {};
  for (let at = 0; at < headers.length; at += 2) byName[headers[at]!] = headers[at + 1]!;
  return byName;
}

describe('download names', () => {
  it('gives an ASCII filename and the exact name in UTF-8, whatever the name holds', () => {
    expect(contentDisposition('Prod – EU.toml')).toBe(
      `attachment; filename="Prod _ EU.toml"; filename*=UTF-8''Prod%20%E2%80%93%20EU.toml`,
    );
    expect(contentDisposition('Café 本番 🙂.toml')).toBe(
      `attachment; filename="Cafe __ _.toml"; filename*=UTF-8''Caf%C3%A9%20%E6%9C%AC%E7%95%AA%20%F0%9F%99%82.toml`,
    );
    expect(contentDisposition(`it's "x"\\.toml`)).toBe(
      `attachment; filename="it's _x__.toml"; filename*=UTF-8''it%27s%20%22x%22%5C.toml`,
    );
    // Every character is one node sends in a header.
    for (const name of ['\u0000\ud800\u202e.toml', 'a\r\nSet-Cookie: x.toml']) {
      expect(contentDisposition(name)).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

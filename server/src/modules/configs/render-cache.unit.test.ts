import { describe, expect, it } from 'vitest';
import { createRenderCache, fingerprint, renderKey, usedParameters, type ServedToml } from './render-cache.js';

const served = (bytes: number): ServedToml => ({
  ...fingerprint(Buffer.alloc(bytes, 'x')),
  filename: 'c.toml',
  parameters: new Set(['agent_id']),
  kind: 'config',
  configVersion: null,
  fetch: { identity: null, versions: [], groupId: null },
});

describe('the render cache', () => {
  it('stays within its bytes, dropping the least recently used first', () => {
    const cache = createRenderCache(64 * 1024);
    const generation = cache.generation();
    for (let i = 0; i < 100; i += 1) cache.set(`/c/x?agent_id=${i}`, served(4096), generation);
    expect(cache.size()).toBeLessThanOrEqual(64 * 1024);
    expect(cache.get('/c/x?agent_id=0')).toBeUndefined();
    expect(cache.get('/c/x?agent_id=99')).toBeDefined();
    // A hit keeps an entry through the next sweep.
    cache.get('/c/x?agent_id=90');
    for (let i = 100; i < 110; i += 1) cache.set(`/c/x?agent_id=${i}`, served(4096), generation);
    expect(cache.get('/c/x?agent_id=90')).toBeDefined();
    expect(cache.get('/c/x?agent_id=91')).toBeUndefined();
  });

  it('never keeps an entry larger than itself, nor one read before a clear', () => {
    const cache = createRenderCache(1024);
    cache.set('big', served(4096), cache.generation());
    expect(cache.get('big')).toBeUndefined();
    const before = cache.generation();
    cache.clear();
    cache.set('late', served(10), before);
    expect(cache.get('late')).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('keys a render by the parameters the template uses only', () => {
    const uses = new Set(['agent_id']);
    expect(renderKey('config:1', usedParameters({ agent_id: 'a', junk: 'x' }, uses))).toBe(
      renderKey('config:1', usedParameters({ agent_id: 'a' }, uses)),
    );
  });
});

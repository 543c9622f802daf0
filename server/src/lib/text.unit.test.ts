import { describe, expect, it } from 'vitest';
import { hasControlCharacter, isStorable, nameKey, normalizeName, toStorable } from './text.js';

describe('storable text', () => {
  it('tells NUL and unpaired surrogates from everything both engines store', () => {
    expect(isStorable('plain, 日本語, 🙂, e\u0301, \u202e')).toBe(true);
    expect(isStorable('a\u0000b')).toBe(false);
    expect(isStorable('a\ud800')).toBe(false);
    expect(isStorable('\udc00a')).toBe(false);
  });

  it('replaces what cannot be stored and cuts without splitting a pair', () => {
    expect(toStorable('a\u0000b\ud800', 10)).toBe('a\ufffdb\ufffd');
    expect(toStorable('ab🙂', 3)).toBe('ab\ufffd');
    expect(toStorable('ab🙂', 4)).toBe('ab🙂');
  });
});

describe('names', () => {
  it('refuses C0, C1, DEL and the Unicode line and paragraph separators', () => {
    for (const bad of ['a\tb', 'a\nb', 'a\u0085b', 'a\u007fb', 'a\u2028b', 'a\u2029b', '\u0000']) {
      expect(hasControlCharacter(bad), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ['Prod – EU', '本番', 'مرحبا', 'e\u0301', '👩‍👩‍👧', 'a\u200db']) {
      expect(hasControlCharacter(good), good).toBe(false);
    }
  });

  it('stores names composed (NFC) and trimmed, and keys them without regard to case', () => {
    expect(normalizeName('  Cafe\u0301 ')).toBe('Café');
    expect(nameKey('CAFÉ')).toBe(nameKey('cafe\u0301'));
    expect(normalizeName('a\nb\u2028c')).toBe('a b c');
  });
});

import { describe, expect, it } from 'vitest';
import { neutralizePlaceholders } from './neutralize.js';

describe('neutralizing placeholders for validation', () => {
  it('replaces a placeholder in a string with as many x as it is long', () => {
    expect(neutralizePlaceholders('a = "&{p:dflt}/x"')).toBe('a = "xxxxxxxxx/x"');
  });

  it('replaces a bare placeholder with 0 padded to its length, so it reads as a number', () => {
    expect(neutralizePlaceholders('port = &{port:8080}\n')).toBe('port = 0           \n');
  });

  it('gives each distinct placeholder its own stand-in, so different keys stay different', () => {
    expect(neutralizePlaceholders('"&{a}" = &{n}\n"&{b}" = &{m}\n"&{a}" = 3')).toBe(
      '"xxxx" = 1   \n"xxx2" = 3   \n"xxxx" = 3',
    );
  });

  it('keeps the text length, so lines and columns of findings stay where the author wrote them', () => {
    const text = 'a = ["&{one}", ::{two}, \'&{three:3}\']\n"&{k}" = """\n::{x}"""';
    const neutral = neutralizePlaceholders(text);
    expect(neutral).toHaveLength(text.length);
    expect(neutral.split('\n').map((line) => line.length)).toEqual(text.split('\n').map((line) => line.length));
  });

  it('leaves environment variables, secrets, comments and malformed placeholders alone', () => {
    const text = 'a = "${X} @{s:k} &{broken"\n# &{p}';
    expect(neutralizePlaceholders(text)).toBe(text);
  });
});

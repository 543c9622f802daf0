/** A verdict on a configuration: loads, refused by the parser, refused later, or (Telegraf) needs a plugin not built. */
export type Verdict = 'accepted' | 'syntax' | 'refused' | 'not-built';

export type MutationKind = 'deleted bracket' | 'duplicate key' | 'wrong type' | 'bad escape' | 'stray character';
const KINDS: MutationKind[] = ['deleted bracket', 'duplicate key', 'wrong type', 'bad escape', 'stray character'];

/**
 * Two broken variants of a configuration, chosen by `next` (a seeded generator, so every run checks the same
 * cases): a bracket deleted, a key line repeated, a string made a number, a bad escape in a string, a stray
 * character at a line's start. A variant that would not change the text is left out.
 */
export function mutationsOf(text: string, next: () => number): Array<{ kind: MutationKind; text: string }> {
  const out: Array<{ kind: MutationKind; text: string }> = [];
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const kind = KINDS[Math.floor(next() * KINDS.length)]!;
    const mutated = mutate(kind, text, next);
    if (mutated !== undefined && mutated !== text) out.push({ kind, text: mutated });
  }
  return out;
}

function mutate(kind: MutationKind, text: string, next: () => number): string | undefined {
  const lines = text.split('\n');
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(next() * items.length)];
  const active = lines.map((line, index) => ({ line, index })).filter(({ line }) => !/^\s*(#|$)/.test(line));
  switch (kind) {
    case 'deleted bracket': {
      const at = pick([...text.matchAll(/[[\]]/g)].map((match) => match.index!));
      return at === undefined ? undefined : text.slice(0, at) + text.slice(at + 1);
    }
    case 'duplicate key': {
      const chosen = pick(active.filter(({ line }) => /^\s*[A-Za-z0-9_-]+\s*=/.test(line)));
      if (chosen === undefined) return undefined;
      lines.splice(chosen.index + 1, 0, chosen.line);
      return lines.join('\n');
    }
    case 'wrong type': {
      const chosen = pick(active.filter(({ line }) => /=\s*"[^"]*"\s*$/.test(line)));
      if (chosen === undefined) return undefined;
      lines[chosen.index] = chosen.line.replace(/"[^"]*"\s*$/, '12');
      return lines.join('\n');
    }
    case 'bad escape': {
      const chosen = pick(active.filter(({ line }) => /=\s*"[^"]*"/.test(line)));
      if (chosen === undefined) return undefined;
      lines[chosen.index] = chosen.line.replace(/"([^"]*)"/, '"$1\\q"');
      return lines.join('\n');
    }
    case 'stray character': {
      const chosen = pick(active);
      if (chosen === undefined) return undefined;
      lines[chosen.index] = `${pick(['@', ';', '~', ','])}${chosen.line}`;
      return lines.join('\n');
    }
  }
}

/**
 * Differences between our verdict and Telegraf's that are known and explained (ADR 19): each pattern matches the
 * line the suite prints for a difference.
 */
export const EXPECTED_DISAGREEMENTS: RegExp[] = [];

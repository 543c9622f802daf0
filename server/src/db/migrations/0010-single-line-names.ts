import type { Migration } from '../migrate.js';

// The rule as it stood when this migration was written (lib/text.ts may move on; this must not).
// eslint-disable-next-line no-control-regex
const NAME_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const DESCRIPTION_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED = [
  { table: 'configs', maxLength: 200 },
  { table: 'config_groups', maxLength: 200 },
  { table: 'labels', maxLength: 64 },
  { table: 'api_tokens', maxLength: 100 },
] as const;
const DESCRIBED = ['configs', 'config_groups', 'labels', 'constants'] as const;

/**
 * Names stand on one line from now on (contract/src/text.ts): names already stored lose their control characters
 * (each becomes a space) and are NFC-normalized and trimmed; a name that then collides with another, without regard
 * to case, gets " (2)", " (3)", ... Descriptions keep line feeds and tabs and lose the other control characters.
 * Reporting rules are named by their description, which follows the name rule.
 */
export const singleLineNames: Migration = {
  name: '0010-single-line-names',
  async up(db) {
    const clean = (name: string) => name.replace(NAME_CONTROL, ' ').normalize('NFC').trim() || 'unnamed';
    for (const { table, maxLength } of NAMED) {
      const rows = (await db.selectFrom(table).select(['id', 'name', 'name_key']).execute()) as Array<{
        id: string;
        name: string;
        name_key: string;
      }>;
      const taken = new Set(rows.map((row) => row.name_key));
      for (const row of rows) {
        const base = clean(row.name);
        if (base === row.name) continue;
        taken.delete(row.name_key);
        let name = base.slice(0, maxLength);
        for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
          const suffix = ` (${n})`;
          name = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
        }
        taken.add(name.toLowerCase());
        await db.updateTable(table).set({ name, name_key: name.toLowerCase() }).where('id', '=', row.id).execute();
      }
    }
    const rules = (await db.selectFrom('reporting_rules').select(['id', 'description']).execute()) as Array<{
      id: string;
      description: string;
    }>;
    for (const rule of rules) {
      const description = clean(rule.description);
      if (description !== rule.description) {
        await db.updateTable('reporting_rules').set({ description }).where('id', '=', rule.id).execute();
      }
    }
    for (const table of DESCRIBED) {
      const key = table === 'constants' ? 'name' : 'id';
      const rows = (await db.selectFrom(table).select([key, 'description']).execute()) as Array<
        Record<string, string | null>
      >;
      for (const row of rows) {
        const description = row.description?.replace(DESCRIPTION_CONTROL, ' ');
        if (description !== undefined && description !== row.description) {
          await db.updateTable(table).set({ description }).where(key, '=', row[key]!).execute();
        }
      }
    }
  },
};

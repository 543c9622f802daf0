import { redactQuerySecrets } from '../../lib/urls.js';
import type { Migration } from '../migrate.js';

/** Rows read and rewritten at once. */
const CHUNK = 1000;

/**
 * Configuration sources stored before credentials in their query were redacted (issue 20): every stored source
 * with a query is rewritten as heartbeats now store it (`agent_details.configurations`, `agent_configs.source`).
 */
export const redactedSources: Migration = {
  name: '0022-redacted-sources',
  async up(db) {
    for (let after = ''; ; ) {
      const rows = (await db
        .selectFrom('agent_details')
        .select(['agent_id', 'configurations'])
        .where('agent_id', '>', after)
        .where('configurations', 'like', '%?%')
        .orderBy('agent_id')
        .limit(CHUNK)
        .execute()) as Array<{ agent_id: string; configurations: string }>;
      for (const row of rows) {
        const sources = JSON.parse(row.configurations) as string[];
        const redacted = JSON.stringify(sources.map(redactQuerySecrets));
        if (redacted !== row.configurations) {
          await db
            .updateTable('agent_details')
            .set({ configurations: redacted })
            .where('agent_id', '=', row.agent_id)
            .execute();
        }
      }
      if (rows.length < CHUNK) break;
      after = rows[rows.length - 1]!.agent_id;
    }
    for (let after = { agentId: '', position: -1 }; ; ) {
      const { agentId, position } = after;
      const rows = (await db
        .selectFrom('agent_configs')
        .select(['agent_id', 'position', 'source'])
        .where((eb) =>
          eb.or([eb('agent_id', '>', agentId), eb.and([eb('agent_id', '=', agentId), eb('position', '>', position)])]),
        )
        .where('source', 'like', '%?%')
        .orderBy('agent_id')
        .orderBy('position')
        .limit(CHUNK)
        .execute()) as Array<{ agent_id: string; position: number; source: string }>;
      for (const row of rows) {
        const redacted = redactQuerySecrets(row.source);
        if (redacted !== row.source) {
          await db
            .updateTable('agent_configs')
            .set({ source: redacted })
            .where('agent_id', '=', row.agent_id)
            .where('position', '=', row.position)
            .execute();
        }
      }
      if (rows.length < CHUNK) break;
      const last = rows[rows.length - 1]!;
      after = { agentId: last.agent_id, position: last.position };
    }
  },
};

import type { Migration } from '../migrate.js';

export const agents: Migration = {
  name: '0008-agents',
  async up(db, { timestamp }) {
    // Hot row: what every heartbeat rewrites and every list reads. Bulky data lives in agent_details.
    await db.schema
      .createTable('agents')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('hostname', 'text')
      .addColumn('ip', 'text')
      .addColumn('version', 'text')
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('reported_status', 'text', (col) => col.notNull())
      .addColumn('reporting_rule_id', 'text', (col) => col.notNull().references('reporting_rules.id'))
      .addColumn('first_seen_at', timestamp, (col) => col.notNull())
      .addColumn('last_seen_at', timestamp, (col) => col.notNull())
      .addColumn('errors', 'bigint')
      .addColumn('warnings', 'bigint')
      .addColumn('metrics', 'bigint')
      // Lower-cased hostname, else id: the "Agent Details" column sorts and searches on it.
      .addColumn('name_key', 'text', (col) => col.notNull())
      .execute();
    for (const [name, columns] of [
      ['agents_last_seen', ['last_seen_at', 'id']],
      ['agents_status', ['status', 'last_seen_at', 'id']],
      ['agents_rule', ['reporting_rule_id', 'last_seen_at', 'id']],
      ['agents_version', ['version', 'last_seen_at', 'id']],
      ['agents_name', ['name_key', 'id']],
    ] as const) {
      await db.schema
        .createIndex(name)
        .on('agents')
        .columns([...columns])
        .execute();
    }
    // Written only when the agent reports something different: config sources and the latest logs.
    await db.schema
      .createTable('agent_details')
      .addColumn('agent_id', 'text', (col) => col.primaryKey().references('agents.id').onDelete('cascade'))
      .addColumn('configurations', 'text')
      .addColumn('logs', 'text')
      .addColumn('logs_reported', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_failure_at', timestamp)
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    // Config sources of the latest heartbeat, linked to this controller's configurations and groups.
    await db.schema
      .createTable('agent_configs')
      .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('position', 'integer', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('config_id', 'text')
      .addColumn('group_id', 'text')
      .addColumn('version', 'integer')
      .addPrimaryKeyConstraint('agent_configs_pk', ['agent_id', 'position'])
      .execute();
    await db.schema
      .createIndex('agent_configs_config')
      .on('agent_configs')
      .columns(['config_id', 'agent_id'])
      .execute();
    await db.schema.createIndex('agent_configs_group').on('agent_configs').columns(['group_id', 'agent_id']).execute();
    // One row per accepted heartbeat that carried statistics; kept 24 hours.
    await db.schema
      .createTable('agent_statistics')
      .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('at', timestamp, (col) => col.notNull())
      .addColumn('errors', 'bigint', (col) => col.notNull())
      .addColumn('warnings', 'bigint', (col) => col.notNull())
      .addColumn('metrics', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('agent_statistics_pk', ['agent_id', 'at'])
      .execute();
    await db.schema.createIndex('agent_statistics_at').on('agent_statistics').column('at').execute();
    await db.schema
      .createTable('agent_labels')
      .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('label_id', 'text', (col) => col.notNull().references('labels.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('agent_labels_pk', ['agent_id', 'label_id'])
      .execute();
    await db.schema.createIndex('agent_labels_label').on('agent_labels').columns(['label_id', 'agent_id']).execute();
  },
};

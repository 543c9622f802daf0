import type { Kysely, Transaction } from 'kysely';
import type { AuthProvisioningTable, Database, ExternalProvider, GroupRoleMappingsTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findRules(db: Executor, provider: ExternalProvider): Promise<AuthProvisioningTable | undefined> {
  return db.selectFrom('authProvisioning').selectAll().where('provider', '=', provider).executeTakeFirst();
}

export async function listMappings(db: Executor, provider: ExternalProvider): Promise<GroupRoleMappingsTable[]> {
  return db.selectFrom('groupRoleMappings').selectAll().where('provider', '=', provider).orderBy('groupKey').execute();
}

export async function upsertRules(db: Executor, rules: AuthProvisioningTable): Promise<void> {
  const { provider: _provider, ...rest } = rules;
  await db
    .insertInto('authProvisioning')
    .values(rules)
    .onConflict((oc) => oc.column('provider').doUpdateSet(rest))
    .execute();
}

export async function replaceMappings(
  trx: Transaction<Database>,
  provider: ExternalProvider,
  mappings: readonly GroupRoleMappingsTable[],
): Promise<void> {
  await trx.deleteFrom('groupRoleMappings').where('provider', '=', provider).execute();
  if (mappings.length > 0)
    await trx
      .insertInto('groupRoleMappings')
      .values([...mappings])
      .execute();
}

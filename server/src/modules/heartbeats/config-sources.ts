import type { Kysely } from 'kysely';
import type { AgentConfigsTable, Database } from '../../db/schema.js';
import { isUuid } from '../../lib/ids.js';
import { servedVersion } from '../configs/served-versions.js';

/** What a config source names on this controller, read from its path alone (the agent's host may differ). */
export type SourceRef =
  | { type: 'config'; idOrAlias: string }
  | { type: 'group'; idOrAlias: string }
  | { type: 'alias'; alias: string };

const PATHS: ReadonlyArray<[RegExp, (match: string) => SourceRef]> = [
  [/\/api\/configs\/([^/]+)\/toml$/, (idOrAlias) => ({ type: 'config', idOrAlias })],
  [/\/api\/config-groups\/([^/]+)\/toml$/, (idOrAlias) => ({ type: 'group', idOrAlias })],
  [/\/c\/([^/]+)$/, (alias) => ({ type: 'alias', alias })],
];

/** What a configuration or group id (a UUID) or an alias can be, in any case. */
const NAMEABLE = /^[A-Za-z0-9-]{1,64}$/;

/** Telegraf reports URLs as `u.Redacted()`; anything else (a file path, another server) is external. */
export function parseSource(source: string): SourceRef | undefined {
  if (!/^https?:\/\//i.test(source)) return undefined;
  let path: string;
  try {
    path = new URL(source).pathname;
  } catch {
    return undefined;
  }
  for (const [pattern, ref] of PATHS) {
    const match = pattern.exec(path);
    if (match) {
      let name: string;
      try {
        name = decodeURIComponent(match[1]!);
      } catch {
        return undefined;
      }
      // Only what could name something here is looked up: an id or an alias, never arbitrary text.
      return NAMEABLE.test(name) ? ref(name) : undefined;
    }
  }
  return undefined;
}

type Link = Omit<AgentConfigsTable, 'agentId' | 'position' | 'source' | 'sourceDigest'>;
const EXTERNAL: Link = { kind: 'external', configId: null, groupId: null, version: null };

/**
 * Links each source to the configuration (with the version last served at that URL, else the one it is at now) or group it names, looking every
 * distinct id and alias up once. Sources naming nothing that exists here stay external.
 */
export async function linkSources(db: Kysely<Database>, sources: readonly string[]): Promise<Map<string, Link>> {
  const refs = new Map<string, SourceRef>();
  for (const source of new Set(sources)) {
    const ref = parseSource(source);
    if (ref) refs.set(source, ref);
  }
  const aliasNames = new Set<string>();
  const configIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const ref of refs.values()) {
    if (ref.type === 'alias') aliasNames.add(ref.alias.toLowerCase());
    else if (!isUuid(ref.idOrAlias)) aliasNames.add(ref.idOrAlias.toLowerCase());
    else (ref.type === 'config' ? configIds : groupIds).add(ref.idOrAlias.toLowerCase());
  }
  const aliases = new Map<string, { targetType: 'config' | 'group'; targetId: string }>();
  if (aliasNames.size > 0) {
    const rows = await db
      .selectFrom('aliases')
      .select(['alias', 'targetType', 'targetId'])
      .where('alias', 'in', [...aliasNames])
      .execute();
    for (const row of rows) {
      aliases.set(row.alias, row);
      (row.targetType === 'config' ? configIds : groupIds).add(row.targetId);
    }
  }
  const versions = new Map<string, number>();
  if (configIds.size > 0) {
    const rows = await db
      .selectFrom('configs')
      .select(['id', 'version'])
      .where('id', 'in', [...configIds])
      .execute();
    for (const row of rows) versions.set(row.id, row.version);
  }
  const groups = new Set<string>();
  if (groupIds.size > 0) {
    const rows = await db
      .selectFrom('configGroups')
      .select('id')
      .where('id', 'in', [...groupIds])
      .execute();
    for (const row of rows) groups.add(row.id);
  }
  const config = (id: string): Link =>
    versions.has(id) ? { kind: 'managed', configId: id, groupId: null, version: versions.get(id)! } : EXTERNAL;
  const group = (id: string): Link =>
    groups.has(id) ? { kind: 'managed', configId: null, groupId: id, version: null } : EXTERNAL;
  const viaAlias = (name: string, type?: 'config' | 'group'): Link => {
    const target = aliases.get(name.toLowerCase());
    if (!target || (type && target.targetType !== type)) return EXTERNAL;
    return target.targetType === 'config' ? config(target.targetId) : group(target.targetId);
  };

  const links = new Map<string, Link>();
  /** A configuration's link says the version this agent was served at that URL, when this process served it. */
  const served = (source: string, link: Link): Link =>
    link.configId === null ? link : { ...link, version: servedVersion(source, link.configId) ?? link.version };
  for (const source of sources) {
    const ref = refs.get(source);
    if (!ref) links.set(source, EXTERNAL);
    else if (ref.type === 'alias') links.set(source, served(source, viaAlias(ref.alias)));
    else if (!isUuid(ref.idOrAlias)) links.set(source, served(source, viaAlias(ref.idOrAlias, ref.type)));
    else
      links.set(
        source,
        ref.type === 'config'
          ? served(source, config(ref.idOrAlias.toLowerCase()))
          : group(ref.idOrAlias.toLowerCase()),
      );
  }
  return links;
}

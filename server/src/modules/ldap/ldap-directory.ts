import { isIP } from 'node:net';
import { Client, Filter, InvalidCredentialsError, type Entry } from 'ldapts';
import type { Logger } from 'pino';
import type { LdapSettings } from '../../options.js';

/** Who the directory says a person is, read by the service account after the person's own bind succeeded. */
export interface DirectoryPerson {
  /** The entry's DN: the external id that links the person to a user here. */
  dn: string;
  username: string;
  email: string | undefined;
  displayName: string | undefined;
  /**
   * The values of the groups attribute (DNs, as `memberOf` holds them). An entry with no value has no attribute at
   * all in LDAP, so "in no group" and "groups not readable" look alike: see ADR 23.
   */
  groups: string[];
  /** The directory marks the account disabled (Active Directory: `userAccountControl` has ACCOUNTDISABLE). */
  disabled: boolean;
}

/** Active Directory's ACCOUNTDISABLE bit of `userAccountControl`. */
const ACCOUNT_DISABLE = 0x2;

/** The directory could not be asked (down, slow, refused the service account, TLS failed): not the person's fault. */
export class DirectoryUnavailableError extends Error {}

export interface LdapDirectory {
  /**
   * The person whose name and password these are, or undefined when the directory knows no such name or the
   * password is wrong (the two are not told apart). Throws `DirectoryUnavailableError` when it cannot tell.
   */
  authenticate(username: string, password: string): Promise<DirectoryPerson | undefined>;
  /** The person at `dn` as the service account sees it, or undefined when the entry is gone. */
  lookup(dn: string): Promise<DirectoryPerson | undefined>;
  /** The person the filter finds for `username`, as the service account sees them (Test connection); no bind as them. */
  find(username: string): Promise<DirectoryPerson | undefined>;
  /** Binds as the service account and lets go: throws `DirectoryUnavailableError` saying why it could not. */
  check(): Promise<void>;
}

/**
 * The directory through `ldapts`: a new connection per sign-in (StartTLS first where asked), the service account's
 * bind, a subtree search with the typed name escaped into the filter (RFC 4515), then a bind as the entry found
 * with the typed password. Every step is bounded by `timeoutMs`.
 */
export function createLdapDirectory(settings: LdapSettings, logger: Logger): LdapDirectory {
  const tlsOptions = { ca: settings.ca, rejectUnauthorized: settings.rejectUnauthorized };
  const secure = settings.url.startsWith('ldaps:');
  const upgrade = settings.startTls && !secure;
  // The upgraded socket checks the certificate against the URL's host (ldapts passes none); a fresh object each
  // time, as ldapts writes the socket into it.
  const host = new URL(settings.url).hostname.replace(/^\[|\]$/g, '');
  const startTls = (client: Client) =>
    client.startTLS({ ...tlsOptions, host, ...(isIP(host) === 0 ? { servername: host } : {}) });
  // ldapts speaks TLS from the start whenever it is given TLS options: only ldaps:// gets them.
  const connect = () =>
    new Client({
      url: settings.url,
      timeout: settings.timeoutMs,
      connectTimeout: settings.timeoutMs,
      ...(secure ? { tlsOptions } : {}),
    });
  const { attributes } = settings;
  const wanted = [
    attributes.username,
    attributes.email,
    attributes.displayName,
    attributes.groups,
    'userAccountControl',
  ];

  /** A connection bound as the service account, for `work`; closed after. */
  const asService = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = connect();
    try {
      try {
        if (upgrade) await startTls(client);
        await client.bind(settings.bindDn, settings.bindPassword);
      } catch (error) {
        logger.warn(
          { err: error, url: settings.url },
          'the LDAP directory could not be reached as the service account',
        );
        throw new DirectoryUnavailableError(describe(error));
      }
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };

  const search = async (client: Client, base: string, scope: 'sub' | 'base', filter: string) => {
    try {
      const { searchEntries } = await client.search(base, { scope, filter, attributes: wanted, sizeLimit: 2 });
      return searchEntries;
    } catch (error) {
      if ((error as { code?: number }).code === 32) return []; // noSuchObject: the base (or entry) is not there
      throw new DirectoryUnavailableError(describe(error));
    }
  };

  /** The one entry the filter finds for the typed name (escaped, RFC 4515); none when there are none or several. */
  const findEntry = async (client: Client, username: string): Promise<Entry | undefined> => {
    // A function, not a string: `$&` and the like in a name must stay text.
    const filter = settings.searchFilter.replaceAll('{{username}}', () => Filter.escape(username));
    const entries = await search(client, settings.searchBase, 'sub', filter);
    if (entries.length > 1) logger.warn({ username }, 'the LDAP search filter matches several entries');
    return entries.length === 1 ? entries[0] : undefined;
  };

  const person = (entry: Entry): DirectoryPerson => ({
    dn: entry.dn,
    username: first(entry[attributes.username]) ?? '',
    email: first(entry[attributes.email]),
    displayName: first(entry[attributes.displayName]),
    groups: all(entry[attributes.groups]),
    disabled: (Number(first(entry.userAccountControl) ?? 0) & ACCOUNT_DISABLE) !== 0,
  });

  return {
    async authenticate(username, password) {
      // An empty password is an unauthenticated bind, which a directory accepts for any DN (RFC 4513 §5.1.2).
      if (username === '' || password === '') return undefined;
      return asService(async (client) => {
        const entry = await findEntry(client, username);
        if (entry === undefined) return undefined;
        const own = connect();
        try {
          if (upgrade) await startTls(own);
          await own.bind(entry.dn, password);
        } catch (error) {
          if (error instanceof InvalidCredentialsError) return undefined;
          throw new DirectoryUnavailableError(describe(error));
        } finally {
          await own.unbind().catch(() => undefined);
        }
        return person(entry);
      });
    },
    find: (username) =>
      asService(async (client) => {
        const entry = await findEntry(client, username);
        return entry === undefined ? undefined : person(entry);
      }),
    check: () => asService(async () => undefined),
    lookup: (dn) =>
      asService(async (client) => {
        const [entry] = await search(client, dn, 'base', '(objectClass=*)');
        return entry === undefined ? undefined : person(entry);
      }),
  };
}

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

function all(value: Entry[string] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(text);
}

function first(value: Entry[string] | undefined): string | undefined {
  return all(value)[0];
}

function describe(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'the directory did not answer';
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { describe, it } from 'vitest';
import { writeSelfSignedCertificate } from '../certificates.js';
import { freePort } from '../free-port.js';
import { releaseAfterTest } from '../harness.js';
import type { LdapSettings } from '../../src/options.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA = '/etc/ldap/schema';

/** The marker the LDAP suites' names carry, listed by the test summary when they were skipped. */
export const NEEDS_SLAPD = '[needs slapd]';

/**
 * An LDAP suite: a real OpenLDAP server. Where slapd is installed it runs; elsewhere it is reported as skipped under
 * its name; where it is required (`TC_REQUIRE_SLAPD=1`, as CI sets it), its absence is a failure.
 */
export function describeLdap(name: string, suite: () => void): void {
  const title = `${name} ${NEEDS_SLAPD}`;
  if (existsSync(SLAPD) && existsSync(SLAPADD)) describe(title, suite);
  else if (process.env.TC_REQUIRE_SLAPD === '1') {
    describe(title, () => {
      it('finds slapd', () => {
        throw new Error('no slapd: apt-get install slapd ldap-utils (TC_REQUIRE_SLAPD=1)');
      });
    });
  } else {
    describe.skip(title, () => {
      it('runs where slapd is installed (Debian: apt-get install slapd)', () => undefined);
    });
  }
}

export const BASE = 'dc=example,dc=test';
export const PEOPLE = `ou=people,${BASE}`;
export const GROUPS = `ou=groups,${BASE}`;
export const SERVICE = { dn: `cn=reader,${BASE}`, password: 'reader-password' };
const ROOT = { dn: `cn=admin,${BASE}`, password: 'admin-password' };

export interface DirectoryUser {
  uid: string;
  password: string;
  mail?: string;
  displayName?: string;
}

export interface Directory {
  /** ldap://127.0.0.1:port (StartTLS offered) and ldaps://127.0.0.1:port. */
  ldapUrl: string;
  ldapsUrl: string;
  /** The PEM file of the server's certificate, which is its own CA. */
  caFile: string;
  userDn(uid: string): string;
  groupDn(cn: string): string;
  addUser(user: DirectoryUser): Promise<void>;
  deleteUser(uid: string): Promise<void>;
  /** Creates the group (groupOfNames) with these members, or replaces its members; memberOf follows (overlay). */
  setGroup(cn: string, members: readonly string[]): Promise<void>;
}

/**
 * OpenLDAP from Debian on loopback with its own configuration, database and certificate in a temporary directory:
 * the `memberof` overlay (groups maintained through LDAP, so users' `memberOf` follows), a read-only service account,
 * plain LDAP with StartTLS and LDAPS. Stopped and removed after the test.
 */
export async function startSlapd(): Promise<Directory> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-slapd-'));
  mkdirSync(join(dir, 'data'));
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  writeSelfSignedCertificate(files, '127.0.0.1', '127.0.0.1');
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      ...['core', 'cosine', 'inetorgperson', 'nis'].map((schema) => `include ${SCHEMA}/${schema}.schema`),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `TLSCertificateFile ${files.cert}`,
      `TLSCertificateKeyFile ${files.key}`,
      'database mdb',
      `suffix "${BASE}"`,
      `rootdn "${ROOT.dn}"`,
      `rootpw ${ROOT.password}`,
      `directory ${join(dir, 'data')}`,
      'overlay memberof',
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const ldif = [
    [`dn: ${BASE}`, 'objectClass: dcObject', 'objectClass: organization', 'o: Example', 'dc: example'],
    [`dn: ${PEOPLE}`, 'objectClass: organizationalUnit', 'ou: people'],
    [`dn: ${GROUPS}`, 'objectClass: organizationalUnit', 'ou: groups'],
    [`dn: ${SERVICE.dn}`, 'objectClass: person', 'cn: reader', 'sn: reader', `userPassword: ${SERVICE.password}`],
  ]
    .map((entry) => entry.join('\n'))
    .join('\n\n');
  writeFileSync(join(dir, 'base.ldif'), `${ldif}\n`);
  const added = spawnSync(SLAPADD, ['-f', conf, '-l', join(dir, 'base.ldif')], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`slapadd failed: ${added.stderr}`);

  const [plain, secure] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://127.0.0.1:${plain}`;
  const ldapsUrl = `ldaps://127.0.0.1:${secure}`;
  const child = spawn(SLAPD, ['-f', conf, '-h', `${ldapUrl}/ ${ldapsUrl}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  releaseAfterTest(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url: ldapUrl, timeout: 5000, connectTimeout: 5000 });
    try {
      await client.bind(ROOT.dn, ROOT.password);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${output}`);
    if (await admin(async () => true).catch(() => false)) break;
    if (i === 100) throw new Error(`slapd did not answer: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const userDn = (uid: string) => `uid=${uid},${PEOPLE}`;
  const groupDn = (cn: string) => `cn=${cn},${GROUPS}`;
  return {
    ldapUrl,
    ldapsUrl,
    caFile: files.cert,
    userDn,
    groupDn,
    addUser: ({ uid, password, mail, displayName }) =>
      admin((client) =>
        client.add(userDn(uid), {
          objectClass: ['inetOrgPerson'],
          uid,
          cn: displayName ?? uid,
          sn: uid,
          userPassword: password,
          ...(mail === undefined ? {} : { mail }),
          ...(displayName === undefined ? {} : { displayName }),
        }),
      ),
    deleteUser: (uid) => admin((client) => client.del(userDn(uid))),
    setGroup: (cn, members) =>
      admin(async (client) => {
        // groupOfNames needs a member: the group's own DN stands in while it has none.
        const member = members.length === 0 ? [groupDn(cn)] : members.map(userDn);
        const exists = await client
          .search(groupDn(cn), { scope: 'base' })
          .then(() => true)
          .catch(() => false);
        if (!exists) await client.add(groupDn(cn), { objectClass: ['groupOfNames'], cn, member });
        else {
          await client.modify(
            groupDn(cn),
            new Change({ operation: 'replace', modification: new Attribute({ type: 'member', values: member }) }),
          );
        }
      }),
  };
}

/** The controller's LDAP options for `directory` (OpenLDAP attributes, its service account), with `overrides`. */
export function ldapSettings(directory: Directory, overrides: Partial<LdapSettings> = {}): LdapSettings {
  return {
    url: directory.ldapUrl,
    bindDn: SERVICE.dn,
    bindPassword: SERVICE.password,
    searchBase: PEOPLE,
    searchFilter: '(uid={{username}})',
    startTls: false,
    ca: undefined,
    rejectUnauthorized: true,
    attributes: { username: 'uid', email: 'mail', displayName: 'displayName', groups: 'memberOf' },
    timeoutMs: 2000,
    syncIntervalSeconds: 3600,
    ...overrides,
  };
}

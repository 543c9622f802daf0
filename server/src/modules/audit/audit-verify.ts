import type { Kysely } from 'kysely';
import type { AuditVerification, ChainHead } from '@telegraf-controller/contract/audit';
import type { Database } from '../../db/schema.js';
import { entryHash, GENESIS } from './audit-chain.js';
import { chainHead, entriesAfter } from './audit.repo.js';

const PAGE = 1000;

/**
 * Walks the chain oldest first and reports the first broken link: an entry whose content no longer gives its hash
 * (edited), one that does not link to the entry before it, a gap in `seq` (deleted), entries gone from the start
 * without a retention checkpoint vouching for the first one left, entries gone from the end (the head row says
 * more were written), or a published head the chain disagrees with.
 */
export async function verifyChain(db: Kysely<Database>, heads: readonly ChainHead[]): Promise<AuditVerification> {
  const first = await walk(db, heads);
  // A retention run between reading the head and the walk looks like a cut: a second walk tells them apart.
  return first.ok ? first : walk(db, heads);
}

/** One walk, up to the head read first: entries written meanwhile are for the next verification. */
async function walk(db: Kysely<Database>, heads: readonly ChainHead[]): Promise<AuditVerification> {
  const head = await chainHead(db);
  const published = new Map(heads.map((given) => [given.seq, given.hash]));
  let checked = 0;
  let headsChecked = 0;
  let first: { seq: number; prevHash: string } | undefined;
  let previous: { seq: number; hash: string } | undefined;
  const checkpoints = new Map<number, string>();
  const result = (broken: AuditVerification['broken']): AuditVerification => ({
    ok: broken === null,
    checked,
    firstSeq: first?.seq ?? null,
    head,
    broken,
    headsChecked,
  });

  for (let page = await entriesAfter(db, 0, PAGE, head.seq); page.length > 0; ) {
    for (const row of page) {
      const seq = Number(row.seq);
      first ??= { seq, prevHash: row.prevHash };
      if (previous !== undefined && seq !== previous.seq + 1) {
        return result({ seq: previous.seq + 1, reason: `entries ${previous.seq + 1} to ${seq - 1} are missing` });
      }
      if (previous !== undefined && row.prevHash !== previous.hash) {
        return result({ seq, reason: 'does not link to the entry before it' });
      }
      if (entryHash({ ...row, seq }) !== row.hash) {
        return result({ seq, reason: 'its content does not give its hash: it was changed after it was written' });
      }
      const vouched = published.get(seq);
      if (vouched !== undefined) {
        headsChecked += 1;
        if (vouched !== row.hash) return result({ seq, reason: 'differs from the head published for it' });
      }
      if (row.action === 'audit.checkpoint') {
        const { throughSeq, throughHash } = JSON.parse(row.details) as { throughSeq: number; throughHash: string };
        checkpoints.set(throughSeq, throughHash);
      }
      checked += 1;
      previous = { seq, hash: row.hash };
    }
    page = await entriesAfter(db, previous!.seq, PAGE, head.seq);
  }

  if (first !== undefined && first.seq > 1 && checkpoints.get(first.seq - 1) !== first.prevHash) {
    return result({ seq: 1, reason: `entries before ${first.seq} are gone and no retention checkpoint says why` });
  }
  if (first !== undefined && first.seq === 1 && first.prevHash !== GENESIS) {
    return result({ seq: 1, reason: 'the first entry does not start the chain' });
  }
  const lastSeq = previous?.seq ?? 0;
  if (head.seq !== lastSeq || (previous !== undefined && head.hash !== previous.hash)) {
    return result({
      seq: lastSeq + 1,
      reason: `the chain's head says ${head.seq} entries were written; ${lastSeq} remain`,
    });
  }
  const beyond = heads.find((given) => given.seq > lastSeq);
  if (beyond !== undefined) {
    return result({ seq: beyond.seq, reason: 'a published head names an entry the chain does not have' });
  }
  return result(null);
}

import type { ChainHead } from '@telegraf-controller/contract/audit';
import { connectDatabase } from '../../db/connect.js';
import type { Options } from '../../options.js';
import { verifyChain } from './audit-verify.js';

/** `telegraf-controller audit verify`: the chain of the database the options name, walked as the API walks it. */
export async function verifyAuditChain(
  options: Options,
  heads: readonly ChainHead[],
): Promise<{ ok: boolean; text: string }> {
  const database = await connectDatabase(options.database, {
    caCert: options.databaseCaCert,
    noVerify: options.databaseSslNoVerify,
  });
  try {
    const result = await verifyChain(database.db, heads);
    const head = `head ${result.head.seq}:${result.head.hash}`;
    if (result.broken === null) {
      const checkedHeads =
        heads.length > 0 ? `, ${result.headsChecked} of ${heads.length} published heads matched` : '';
      return {
        ok: true,
        text: `audit chain verified: ${result.checked} entries from ${result.firstSeq ?? '-'}, ${head}${checkedHeads}`,
      };
    }
    return { ok: false, text: `audit chain broken at ${result.broken.seq}: ${result.broken.reason} (${head})` };
  } finally {
    await database.close();
  }
}

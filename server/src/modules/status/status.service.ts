import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Leadership } from '../leadership/leadership.js';
import { pingDatabase } from './status.repo.js';

const PING_TIMEOUT_MS = 2_000;

export interface StatusService {
  isReady(): Promise<boolean>;
  isLeader(): boolean;
}

export function createStatusService(db: Kysely<Database>, leadership: Leadership): StatusService {
  return {
    async isReady() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        return await Promise.race([pingDatabase(db).then(() => true), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    isLeader: () => leadership.isLeader(),
  };
}

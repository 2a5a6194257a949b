import type { Migration } from 'kysely';
import { sdiFoundation } from './2026-12-03-001-sdi.ts';

/** The sandbox SdI's migrations, forward only, applied in name order (into the `sdi` schema). */
export const sdiMigrations: Record<string, Migration> = {
  '2026-12-03-001-sdi': sdiFoundation,
};

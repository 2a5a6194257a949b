import type { Migration } from 'kysely';
import { bankFoundation } from './2026-11-28-001-bank.ts';
import { bankCapture } from './2026-12-02-001-capture.ts';
import { bankSignatureNonces } from './2026-12-02-002-signature-nonces.ts';
import { bankOtpCardFailures } from './2026-12-02-003-otp-card-failures.ts';
import { bankNotificationRefusals } from './2026-12-02-004-notification-refusals.ts';
import { bankCancelReason } from './2026-12-02-040-cancel-reason.ts';
import { bankMerchantVersion } from './2026-12-03-001-merchant-version.ts';

/** The bank database's migrations, forward only, applied in name order (on PostgreSQL, into the `bank` schema). */
export const bankMigrations: Record<string, Migration> = {
  '2026-11-28-001-bank': bankFoundation,
  '2026-12-02-001-capture': bankCapture,
  '2026-12-02-002-signature-nonces': bankSignatureNonces,
  '2026-12-02-003-otp-card-failures': bankOtpCardFailures,
  '2026-12-02-004-notification-refusals': bankNotificationRefusals,
  '2026-12-02-040-cancel-reason': bankCancelReason,
  '2026-12-03-001-merchant-version': bankMerchantVersion,
};

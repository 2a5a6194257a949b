import type { Migration } from 'kysely';
import { foundation } from './2026-11-28-001-foundation.ts';
import { emailOutbox } from './2026-11-28-003-email-outbox.ts';
import { payments } from './2026-11-28-010-payments.ts';
import { jobs } from './2026-11-28-030-jobs.ts';
import { renewals } from './2026-11-28-031-renewals.ts';
import { cardVerifications } from './2026-11-28-032-card-verifications.ts';
import { renewalChargeRefunds } from './2026-11-28-033-renewal-charge-refunds.ts';
import { webSessionsByCustomer } from './2026-11-28-040-web-sessions-by-customer.ts';
import { loginThrottles } from './2026-11-28-041-login-throttles.ts';
import { paymentsCore } from './2026-12-01-040-payments-core.ts';
import { promotions } from './2026-12-02-010-promotions.ts';
import { support } from './2026-12-02-020-support.ts';
import { guestPayments } from './2026-12-02-030-guest-payments.ts';
import { events } from './2026-12-02-050-events.ts';
import { apiKeys } from './2026-12-02-060-api-keys.ts';
import { refunds } from './2026-12-02-070-refunds.ts';
import { webhooks } from './2026-12-02-080-webhooks.ts';
import { backoffice } from './2026-12-03-010-backoffice.ts';
import { listIndexes } from './2026-12-03-050-list-indexes.ts';
import { auditRequestKey } from './2026-12-03-060-audit-request-key.ts';
import { search } from './2026-12-03-070-search.ts';
import { workerHeartbeats } from './2026-12-03-080-worker-heartbeats.ts';
import { billingProfiles } from './2026-12-03-090-billing-profiles.ts';
import { fiscalDocuments } from './2026-12-03-091-fiscal-documents.ts';
import { sdiTransmissions } from './2026-12-03-095-sdi-transmissions.ts';
import { fiscalDocumentsList } from './2026-12-03-096-fiscal-documents-list.ts';
import { vatNatures } from './2026-12-03-097-vat-natures.ts';
import { cacheVersions } from './2026-12-03-100-cache-versions.ts';

/** The merchant database's migrations, forward only, applied in name order. */
export const merchantMigrations: Record<string, Migration> = {
  '2026-11-28-001-foundation': foundation,
  '2026-11-28-003-email-outbox': emailOutbox,
  '2026-11-28-010-payments': payments,
  '2026-11-28-030-jobs': jobs,
  '2026-11-28-031-renewals': renewals,
  '2026-11-28-032-card-verifications': cardVerifications,
  '2026-11-28-033-renewal-charge-refunds': renewalChargeRefunds,
  '2026-11-28-040-web-sessions-by-customer': webSessionsByCustomer,
  '2026-11-28-041-login-throttles': loginThrottles,
  '2026-12-01-040-payments-core': paymentsCore,
  '2026-12-02-010-promotions': promotions,
  '2026-12-02-020-support': support,
  '2026-12-02-030-guest-payments': guestPayments,
  '2026-12-02-050-events': events,
  '2026-12-02-060-api-keys': apiKeys,
  '2026-12-02-070-refunds': refunds,
  '2026-12-02-080-webhooks': webhooks,
  '2026-12-03-010-backoffice': backoffice,
  '2026-12-03-050-list-indexes': listIndexes,
  '2026-12-03-060-audit-request-key': auditRequestKey,
  '2026-12-03-070-search': search,
  '2026-12-03-080-worker-heartbeats': workerHeartbeats,
  '2026-12-03-090-billing-profiles': billingProfiles,
  '2026-12-03-091-fiscal-documents': fiscalDocuments,
  '2026-12-03-095-sdi-transmissions': sdiTransmissions,
  '2026-12-03-096-fiscal-documents-list': fiscalDocumentsList,
  '2026-12-03-097-vat-natures': vatNatures,
  '2026-12-03-100-cache-versions': cacheVersions,
};

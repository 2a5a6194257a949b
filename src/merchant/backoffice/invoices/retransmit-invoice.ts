import { findBillingProfile } from '../../invoices/billing-profile-repository.ts';
import { documentOf } from '../../invoices/fiscal-document-repository.ts';
import type { CustomerFiscalData } from '../../invoices/invoice-document.ts';
import { mayRetransmit, retransmitDocument } from '../../invoices/retransmit-document.ts';
import { type DocumentHistory, loadDocumentHistory } from '../../invoices/transmission-history.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { defineAction } from '../actions/action-definition.ts';
import { invoicePath } from '../lists/invoices-list-page.tsx';
import { idOfPath } from '../lists/list-links.tsx';
import { addresseeLine } from './invoice-page.tsx';

interface Target {
  history: DocumentHistory;
  /** The customer's billing data as they are now: what the new file will carry. */
  profile: CustomerFiscalData | undefined;
}

const notRetransmittable = ({ history }: Target, { t }: I18n) =>
  t('bo.retransmit.notRejected', { status: t(`invoice.sdi.${history.document.sdi_status}`) });

/**
 * "Ritrasmetti al SdI" (support): a document the SdI discarded, or whose file the channel refused, is sent again as
 * a new file — same number, date and amounts, the customer's billing data as they are now — by retransmitDocument,
 * the one step that does it (its own transaction: the document back to pending, the transmission, its job).
 */
export const retransmitInvoice = defineAction<Target>({
  path: '/fatture/:id/ritrasmetti',
  action: 'retransmit_invoice',
  async load(deps, params) {
    const id = idOfPath(params.id);
    const history = id === null ? null : await loadDocumentHistory(deps.db, id);
    if (!history) return null;
    return { history, profile: await findBillingProfile(deps.db, history.document.customer_id) };
  },
  unavailable(target, i18n) {
    const { document, transmissions } = target.history;
    if (!mayRetransmit(document.sdi_status, transmissions.at(-1)?.outcome)) return notRetransmittable(target, i18n);
    return !target.profile && document.needs_billing_data ? i18n.t('bo.retransmit.noBillingData') : null;
  },
  title: ({ history }, { t }) =>
    t('bo.retransmit.title', {
      kind: t(`invoice.kindLower.${history.document.kind}`),
      number: history.document.number,
    }),
  consequences: ({ history, profile }, i18n) => [
    i18n.t('bo.retransmit.sameDocument', { number: history.document.number }),
    profile
      ? i18n.t('bo.retransmit.billingData', { data: addresseeLine(profile, i18n) })
      : i18n.t('bo.retransmit.asIssued', { data: addresseeLine(documentOf(history.document).customer, i18n) }),
    i18n.t('bo.retransmit.answer'),
  ],
  submitLabel: ({ t }) => t('bo.retransmit.submit'),
  returnTo: ({ history }) => invoicePath(history.document.id),
  async perform({ deps, target, operator, request }) {
    const { document } = target.history;
    const result = await retransmitDocument(deps.db, document.id, `operator:${operator.email}`, deps.clock.now());
    if (!result.ok) {
      // Sent again by someone else since the confirmation was shown, or the customer's data are still missing.
      const message =
        result.reason === 'needs_billing_data'
          ? request.i18n.t('bo.retransmit.noBillingData')
          : notRetransmittable(
              { ...target, history: { ...target.history, document: { ...document, sdi_status: 'pending' } } },
              request.i18n,
            );
      return { ok: false, status: 409, message };
    }
    return {
      ok: true,
      audit: {
        objectType: 'fiscal_document',
        objectId: document.number,
        customerId: document.customer_id,
        orderId: document.order_id,
        before: { sdiStatus: document.sdi_status, attempt: result.attempt - 1 },
        after: { sdiStatus: 'pending', attempt: result.attempt, fileName: result.fileName },
      },
    };
  },
});

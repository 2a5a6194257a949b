import type { GatewaySession, PaymentGateway } from '../../gateway/payment-gateway.ts';
import type { OrderFile } from './order-file.ts';

/** How long the order page waits for the bank: the page must open even when the bank is slow. */
const BANK_WAIT_MS = 3_000;

/** One of the order's bank sessions as the bank reports it now, or why it could not be read. */
export type BankStatus =
  | { attemptId: number; sessionId: string; found: true; session: GatewaySession }
  | { attemptId: number; sessionId: string; found: false }
  | { attemptId: number; sessionId: string; error: string };

/**
 * The bank's authoritative view of each of the order's payment sessions, read live (issue 12, point 4). Saved-card
 * charges (renewals) have no session to read; a bank that fails or is slow gives an error per session, never a
 * failed page.
 */
export async function fetchBankStatuses(gateway: PaymentGateway, file: OrderFile): Promise<BankStatus[]> {
  const withSession = file.attempts.flatMap((a) =>
    a.bank_session_id ? [{ attemptId: Number(a.id), sessionId: a.bank_session_id }] : [],
  );
  return Promise.all(
    withSession.map(async ({ attemptId, sessionId }): Promise<BankStatus> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const session = await Promise.race([
          gateway.getPaymentSession(sessionId),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${BANK_WAIT_MS / 1000} s`)), BANK_WAIT_MS);
          }),
        ]);
        return session ? { attemptId, sessionId, found: true, session } : { attemptId, sessionId, found: false };
      } catch (error) {
        return { attemptId, sessionId, error: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

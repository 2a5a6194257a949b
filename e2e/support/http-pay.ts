import { DEMO_MARIO, DEMO_PASSWORD } from '../../src/merchant/demo/demo-data.ts';
import { HttpSession } from './http-session.ts';

/**
 * Flow A over plain HTTP, as the browser makes it: Area Clienti "Paga" → Pagamenti's card page → "Procedi" with the
 * saved card → the bank (frictionless: redirects only) → back to Pagamenti's result. Returns the result page's body.
 */
export async function payWithSavedCardOverHttp(
  session: HttpSession,
  urls: { area: string; pay: string },
  orderNumber: string,
): Promise<string> {
  await session.get(`${urls.area}/paga/${orderNumber}`);
  const card = await session.get(`${urls.pay}/orders/${orderNumber}/card`);
  const requestKey = /name="request_key" value="([^"]+)"/.exec(card.body)?.[1];
  const saved = /name="card" value="(\d+)"/.exec(card.body)?.[1];
  if (!requestKey || !saved) throw new Error(`no saved card offered for ${orderNumber} (HTTP ${card.status})`);
  const result = await session.post(`${urls.pay}/orders/${orderNumber}/pay`, { card: saved, request_key: requestKey });
  if (!result.body.includes('Pagamento completato')) {
    throw new Error(`${orderNumber} was not paid: ${result.status} ${result.url}`);
  }
  return result.body;
}

/**
 * Mario pays every order of `numbers` by Flow A over HTTP, from `tabs` tabs of one signed-in browser at once (one
 * sign-in: the login rate limit counts per address). Payments per second.
 */
export async function payAllOverHttp(
  urls: { area: string; pay: string },
  numbers: readonly string[],
  tabs: number,
): Promise<number> {
  const browser = new HttpSession();
  await browser.logIn(urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
  const sessions = Array.from({ length: tabs }, () => browser.fork());
  const started = performance.now();
  let next = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (next < numbers.length) await payWithSavedCardOverHttp(session, urls, numbers[next++] as string);
    }),
  );
  return numbers.length / ((performance.now() - started) / 1000);
}

import { expect } from 'vitest';
import type { TestClient } from '../../../web/test-client.ts';

/** Test support: reading a list page the way an operator follows it. */

/** The order numbers a list page links to, in its order. */
export function linkedOrders(html: string): string[] {
  return [...html.matchAll(/<td><a href="\/ordini\/(ORD-[^"]+)">/g)].map((m) => m[1] as string);
}

/** The "Successivi" link of a page, if any. */
export function nextLink(html: string): string | undefined {
  return /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

/** Every row of a list, following "Successivi" from `url`; the pages it took. */
export async function allPages(client: TestClient, url: string, rowsOf: (html: string) => string[]) {
  const rows: string[] = [];
  let pages = 0;
  for (let next: string | undefined = url; next; pages += 1) {
    const page = await client.get(next);
    expect(page.statusCode).toBe(200);
    rows.push(...rowsOf(page.body));
    next = nextLink(page.body);
  }
  return { rows, pages };
}

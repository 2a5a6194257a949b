import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** A payment card on the brand's blue: small enough to inline here, drawn without text so it reads at 16 px. */
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#0b4f8a"/>' +
  '<rect x="5" y="9" width="22" height="15" rx="2.5" fill="#ffffff"/>' +
  '<rect x="5" y="12.5" width="22" height="3.5" fill="#0b4f8a"/>' +
  '<rect x="8" y="19" width="7" height="2" rx="1" fill="#0b4f8a"/>' +
  '</svg>';

/**
 * The favicon of Area Clienti, Pagamenti and the bank: one static SVG at an address named by its content, so it can
 * be cached for a year (`immutable`) and a new drawing is a new address. Served by each app from here rather than
 * from its assets folder, so the three apps cannot drift apart; the layouts link {@link FAVICON_PATH}. It is an
 * image from the page's own origin (`img-src 'self'`): no CSP changes.
 */
export const FAVICON_PATH = `/assets/favicon-${createHash('sha256').update(SVG).digest('hex').slice(0, 12)}.svg`;

export function registerFavicon(app: FastifyInstance): void {
  app.get(FAVICON_PATH, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=31536000, immutable').type('image/svg+xml').send(SVG),
  );
}

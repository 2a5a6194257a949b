import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { raw } from '../../shared/html/jsx-runtime.ts';

export interface PayDeps {
  config: Config;
  logger: FastifyBaseLogger;
}

/**
 * Pagamenti, the provider's payment portal, on its own origin. Until the payment flows land (issue 4) it answers
 * health checks and tells a customer who follows "Paga" that card payments open here soon.
 */
export async function buildPayApp(deps: PayDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger.child({ app: 'pay' }), genReqId: () => crypto.randomUUID() });
  app.get('/healthz', async () => ({ status: 'ok', app: 'pay' }));
  app.get('/*', async (_request, reply) => {
    const page = (
      <html lang="it">
        <head>
          <meta charset="utf-8" />
          <title>Pagamenti</title>
        </head>
        <body>
          <main>
            <h1>Pagamenti</h1>
            <p>Il pagamento con carta di credito sarà disponibile a breve.</p>
            <a href={deps.config.publicUrls.area}>Torna all'Area Clienti</a>
          </main>
        </body>
      </html>
    );
    return reply.type('text/html; charset=utf-8').send(`${raw('<!doctype html>')}${page}`);
  });
  return app;
}

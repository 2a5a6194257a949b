import { PassThrough } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { requestLogOptions, trackRequestIds } from '../shared/request-log.ts';
import { tokensEqual } from './admin-token.ts';
import { type CommandContext, type CommandEvent, CommandUsageError, commands, runCommand } from './commands.ts';

export interface AdminDeps {
  context: CommandContext;
  token: string;
  logger: FastifyBaseLogger;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The loopback-only admin endpoint: the CLI hands commands to the running server through it, because the embedded
 * database may be opened by one process only. Bound to 127.0.0.1 by the caller; the remote address and a bearer token
 * kept in DATA_DIR are both checked.
 */
export async function buildAdminApp(deps: AdminDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger.child({ app: 'admin' }), ...requestLogOptions() });
  trackRequestIds(app);

  app.addHook('onRequest', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return reply.code(403).send({ error: 'loopback_only' });
    if (!tokensEqual(token, deps.token)) return reply.code(401).send({ error: 'bad_admin_token' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/commands', async () =>
    Object.entries(commands).map(([name, command]) => ({ name, description: command.description })),
  );

  app.post<{ Params: { name: string }; Body: { args?: string[] } }>('/commands/:name', async (request, reply) => {
    const { name } = request.params;
    if (!commands[name])
      return reply.code(404).send({ error: 'unknown_command', message: `unknown command "${name}"` });
    const args = Array.isArray(request.body?.args) ? request.body.args.map(String) : [];
    const stream = new PassThrough();
    const send = (event: CommandEvent) => stream.write(`${JSON.stringify(event)}\n`);
    runCommand(name, deps.context, args, send)
      .then((summary) => send({ type: 'done', summary }))
      .catch((error: unknown) => {
        if (!(error instanceof CommandUsageError)) request.log.error({ err: error }, 'admin command failed');
        send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => stream.end());
    return reply.type('application/x-ndjson').send(stream);
  });

  return app;
}

import { CommandUsageError } from '../../admin/commands.ts';
import { startWebhookListener } from './listen-command.ts';
import { parseOptions } from './webhooks-command.ts';

/** `webhooks listen --port 4999 --secret whsec_… [--host 127.0.0.1]`: runs until Ctrl-C. */
export async function runListenCommand(args: readonly string[]): Promise<number> {
  const { options } = parseOptions(args);
  const port = Number(options.port ?? 4999);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CommandUsageError('--port must be a TCP port');
  const secrets = (options.secret ?? process.env.WEBHOOK_SECRET ?? '').split(',').filter((s) => s !== '');
  if (secrets.length === 0 || secrets.some((s) => !s.startsWith('whsec_'))) {
    throw new CommandUsageError("usage: webhooks listen --port 4999 --secret whsec_… (the endpoint's secret)");
  }
  const host = options.host ?? '127.0.0.1';
  const listener = await startWebhookListener({
    port,
    host,
    secrets,
    print: (line) => process.stdout.write(`${line}\n`),
  });
  process.stderr.write(`Listening for Cassa webhooks on http://${host}:${listener.port}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await listener.close();
  return 0;
}

import { type Command, type CommandContext, CommandUsageError, type Report } from '../../admin/commands.ts';
import { createWebhookEndpoint } from './create-webhook-endpoint.ts';
import { listWebhookEndpoints } from './get-webhook-endpoints.ts';
import { retryWebhookDelivery } from './retry-webhook-delivery.ts';
import { rotateWebhookSecret } from './rotate-webhook-secret.ts';
import { updateWebhookEndpoint } from './update-webhook-endpoint.ts';
import { getWebhookDelivery, listWebhookDeliveries } from './webhook-deliveries.ts';
import { webhookDepsFrom } from './webhook-deps.ts';

export const WEBHOOKS_USAGE = [
  'webhooks listen --port 4999 --secret whsec_…   (a sample receiver, in this terminal)',
  'webhooks endpoints create --url URL --events a,b|* [--description TEXT]',
  'webhooks endpoints list',
  'webhooks endpoints disable|enable <we_…>',
  'webhooks endpoints rotate <we_…> [--overlap-hours 24]',
  'webhooks endpoints deliveries <we_…> [<wd_…>]',
  'webhooks endpoints retry <we_…> <wd_…>',
].join('\n  ');

/** `--name value` options and the positional words, in order. */
export function parseOptions(args: readonly string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const value = inline ?? args[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new CommandUsageError(`--${name} needs a value`);
      }
      options[name] = value;
      if (inline === undefined) i++;
    } else positional.push(arg);
  }
  return { positional, options };
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new CommandUsageError(`missing ${what}\n  ${WEBHOOKS_USAGE}`);
  return value;
}

/**
 * `npm run cassa -- webhooks endpoints …`: the operator's side of the webhook endpoints, the same use cases the REST
 * API calls. Handed to the running server like the other commands (the embedded database has one owner); `webhooks
 * listen` is not here: it runs in the CLI's own process (src/cli/main.ts).
 */
export const webhooksCommand: Command = {
  description: 'webhooks endpoints create|list|disable|enable|rotate|deliveries|retry · webhooks listen (receiver)',
  async run(context, args, report) {
    const { positional, options } = parseOptions(args);
    const [group, action, ...rest] = positional;
    if (group === 'deliveries' || group === 'retry')
      return endpoints(context, [group, action ?? '', ...rest], options, report);
    if (group !== 'endpoints') throw new CommandUsageError(`usage:\n  ${WEBHOOKS_USAGE}`);
    return endpoints(context, [action ?? '', ...rest], options, report);
  },
};

async function endpoints(
  context: CommandContext,
  [action, id, second]: string[],
  options: Record<string, string>,
  report: Report,
): Promise<string> {
  const deps = webhookDepsFrom(context.config, context.merchantDb, context.clock);
  const line = (text: string) => report({ type: 'line', text });
  switch (action) {
    case 'create': {
      const created = await createWebhookEndpoint(deps, {
        url: need(options.url, '--url'),
        events: need(options.events, '--events').split(','),
        ...(options.description ? { description: options.description } : {}),
      });
      if (!created.ok) throw new CommandUsageError(`${created.code}: ${created.message}`);
      line(`secret ${created.secret}  (shown once: keep it where the receiver can read it)`);
      return `created ${created.endpoint.id} ${created.endpoint.url} for ${created.endpoint.events.join(',')}`;
    }
    case 'list': {
      const page = await listWebhookEndpoints(deps, { limit: 100 });
      for (const e of page.data) {
        const why = e.disabled_reason ? ` (${e.disabled_reason})` : '';
        line(`${e.id} ${e.status}${why} ${e.url} ${e.events.join(',')} failures in a row: ${e.consecutive_failures}`);
      }
      return page.data.length === 0 ? 'no webhook endpoints' : `${page.data.length} endpoint(s)`;
    }
    case 'disable':
    case 'enable': {
      const updated = await updateWebhookEndpoint(deps, need(id, 'the endpoint id (we_…)'), {
        enabled: action === 'enable',
      });
      if (!updated.ok) throw new CommandUsageError(updated.message);
      return `${updated.endpoint.id} is ${updated.endpoint.status}`;
    }
    case 'rotate': {
      const hours = options['overlap-hours'] === undefined ? 24 : Number(options['overlap-hours']);
      const rotated = await rotateWebhookSecret(deps, need(id, 'the endpoint id (we_…)'), {
        overlapSeconds: Math.round(hours * 3600),
      });
      if (!rotated.ok) throw new CommandUsageError(rotated.message);
      line(`secret ${rotated.secret}  (shown once)`);
      const until = rotated.endpoint.previous_secret_expires_at;
      return `${rotated.endpoint.id}: new secret${until ? `; the previous one also signs until ${until}` : ''}`;
    }
    case 'deliveries': {
      const endpointId = need(id, 'the endpoint id (we_…)');
      if (second) {
        const delivery = await getWebhookDelivery(deps, endpointId, second);
        if (!delivery) throw new CommandUsageError(`no delivery ${second} of ${endpointId}`);
        for (const t of delivery.tries) {
          const answer = t.response_status === null ? t.error : `HTTP ${t.response_status}`;
          line(
            `try ${t.attempt}${t.manual ? ' (manual)' : ''} ${t.at} ${answer} ${t.duration_ms} ms; next: ${t.next_try_at ?? '-'}`,
          );
        }
        return `${delivery.id} ${delivery.event_type} ${delivery.event} ${delivery.status} after ${delivery.attempts} tries`;
      }
      const page = await listWebhookDeliveries(deps, endpointId, { limit: 100 });
      if (!page) throw new CommandUsageError(`no webhook endpoint ${endpointId}`);
      for (const d of page.data) {
        const last = d.last_response_status === null ? (d.last_error ?? '') : `HTTP ${d.last_response_status}`;
        line(
          `${d.id} ${d.created_at} ${d.event_type} ${d.object_id} ${d.event} ${d.status} tries: ${d.attempts} ${last} next: ${d.next_try_at ?? '-'}`,
        );
      }
      return `${page.data.length} deliver${page.data.length === 1 ? 'y' : 'ies'}${page.has_more ? ' (newest 100)' : ''}`;
    }
    case 'retry': {
      const retried = await retryWebhookDelivery(
        deps,
        need(id, 'the endpoint id (we_…)'),
        need(second, 'the delivery id (wd_…)'),
      );
      if (!retried.ok) throw new CommandUsageError(retried.message);
      return `${retried.delivery.id} queued for a new try now`;
    }
    default:
      throw new CommandUsageError(`usage:\n  ${WEBHOOKS_USAGE}`);
  }
}

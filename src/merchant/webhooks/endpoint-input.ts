import { EVENT_TYPES, isEventType } from '../events/event-types.ts';
import { checkWebhookUrl, resolveTarget, type TargetPolicy } from './webhook-target.ts';

/** Why an endpoint's input was refused: a value, for the API to answer 422 with (and the CLI to print). */
export interface EndpointInputProblem {
  ok: false;
  code: 'invalid_url' | 'target_refused' | 'invalid_events' | 'invalid_description';
  message: string;
}

/** Event types an endpoint asks for: known ones, or `['*']` for every type (including those added later). */
export function checkEventTypes(events: readonly string[]): EndpointInputProblem | string[] {
  const unique = [...new Set(events.map((e) => e.trim()).filter((e) => e !== ''))];
  if (unique.length === 0) return problem('invalid_events', 'name at least one event type, or "*" for all');
  if (unique.includes('*')) return unique.length === 1 ? ['*'] : problem('invalid_events', '"*" stands alone');
  const unknown = unique.filter((e) => !isEventType(e));
  if (unknown.length > 0) {
    return problem('invalid_events', `unknown event type(s) ${unknown.join(', ')}; known: ${EVENT_TYPES.join(', ')}`);
  }
  return unique;
}

/** The URL's shape, then where it resolves now (the check is made again at every delivery). */
export async function checkEndpointUrl(value: string, policy: TargetPolicy): Promise<EndpointInputProblem | string> {
  const checked = checkWebhookUrl(value);
  if (!checked.ok) return problem('invalid_url', checked.reason);
  const target = await resolveTarget(checked.url, policy);
  if (!target.ok) return problem('target_refused', target.reason);
  return checked.url.toString();
}

export function checkDescription(value: string | undefined): EndpointInputProblem | string {
  const description = (value ?? '').trim();
  return description.length > 500 ? problem('invalid_description', 'at most 500 characters') : description;
}

function problem(code: EndpointInputProblem['code'], message: string): EndpointInputProblem {
  return { ok: false, code, message };
}

export function isProblem(value: unknown): value is EndpointInputProblem {
  return typeof value === 'object' && value !== null && 'ok' in value && (value as { ok: unknown }).ok === false;
}

/** The headers and body of one event's POST (Standard Webhooks): the same id and body on every try of it. */
export const WEBHOOK_USER_AGENT = 'Cassa-Webhooks/1.0 (+https://www.standardwebhooks.com/)';

export function eventBody(event: { id: string; type: string; createdAt: Date; data: Record<string, unknown> }): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    created_at: event.createdAt.toISOString(),
    data: event.data,
  });
}

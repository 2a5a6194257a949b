import type { Kysely } from 'kysely';
import { loadConfig } from '../../../config.ts';
import type { ApiKeyScopes, MerchantDatabase } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { createLogger } from '../../../shared/logger.ts';
import { insertApiKey } from '../../api-keys/api-key-repository.ts';
import { newApiKeyToken } from '../../api-keys/api-key-tokens.ts';
import type { PaymentGateway } from '../../gateway/payment-gateway.ts';
import { type ApiApp, type ApiRoutes, buildApiApp } from '../api-app.ts';

/** Test support: a gateway that only answers what the API's tests reach (deleting a saved card at the bank). */
export function fakeCardGateway(deleted: string[] = []): PaymentGateway {
  return new Proxy({ name: 'test', deleteSavedCard: async (token: string) => void deleted.push(token) } as never, {
    get(target, property) {
      if (property in target) return target[property as never];
      throw new Error(`the API tests do not expect gateway.${String(property)}`);
    },
  });
}

/** Test support: the API app on a test database, with the env given (e.g. a small API_RATE_LIMIT_PER_MINUTE). */
export async function apiTestApp(
  db: Kysely<MerchantDatabase>,
  clock: Clock,
  options: {
    env?: Record<string, string>;
    gateway?: PaymentGateway;
    routes?: readonly ApiRoutes[];
    onRoute?: (route: { method: string | string[]; url: string }) => void;
  } = {},
): Promise<ApiApp> {
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  return buildApiApp(
    { db, config, clock, logger: createLogger('silent') as never, gateway: options.gateway ?? fakeCardGateway() },
    { ...(options.routes ? { routes: options.routes } : {}), ...(options.onRoute ? { onRoute: options.onRoute } : {}) },
  );
}

/** Test support: a new API key with these scopes; returns the key to send as `Authorization: Bearer`. */
export async function testApiKey(
  db: Kysely<MerchantDatabase>,
  scopes: ApiKeyScopes = 'read,write',
  at = new Date(),
): Promise<string> {
  const token = newApiKeyToken('test');
  await insertApiKey(db, { name: `test ${token.prefix}`, scopes, mode: 'test', at, ...token });
  return token.key;
}

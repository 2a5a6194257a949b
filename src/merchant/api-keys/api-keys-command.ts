import { type Command, CommandUsageError } from '../../admin/commands.ts';
import type { ApiKey, ApiKeyScopes } from '../../db/schema.ts';
import { insertApiKey, listApiKeys, revokeApiKey } from './api-key-repository.ts';
import { newApiKeyToken } from './api-key-tokens.ts';

const USAGE = [
  'usage: api-keys create --name NAME [--scopes read|read,write]',
  '       api-keys list',
  '       api-keys revoke <prefix>',
].join('\n');

/**
 * `npm run cassa -- api-keys create|list|revoke`: keys of the merchant REST API (docs/api.md). A new key is printed
 * once and never again: only its hash is kept. Keys are `cassa_live_…` with NODE_ENV=production, `cassa_test_…`
 * otherwise, so a test key pasted into production is told apart at a glance.
 */
export const apiKeysCommand: Command = {
  description: 'api-keys create --name N [--scopes read,write] · api-keys list · api-keys revoke <prefix>',
  async run({ merchantDb, clock, config }, args, report) {
    const [action, ...rest] = args;
    switch (action) {
      case 'create': {
        const options = parseOptions(rest);
        const name = options.name?.trim();
        if (!name || name.length > 100) throw new CommandUsageError(`--name is required (1-100 characters)\n${USAGE}`);
        const scopes = parseScopes(options.scopes ?? 'read,write');
        const token = newApiKeyToken(config.api.keyMode);
        await insertApiKey(merchantDb, { name, scopes, mode: config.api.keyMode, at: clock.now(), ...token });
        report({ type: 'line', text: token.key });
        return `created API key ${token.prefix} "${name}" (${scopes}): the key above is shown only once, store it now`;
      }
      case 'list': {
        if (rest.length > 0) throw new CommandUsageError(USAGE);
        const keys = await listApiKeys(merchantDb);
        for (const key of keys) report({ type: 'line', text: describeKey(key) });
        return keys.length === 0 ? 'no API keys' : `${keys.length} API key(s)`;
      }
      case 'revoke': {
        const [prefix] = rest;
        if (!prefix || rest.length > 1) throw new CommandUsageError(USAGE);
        const key = await revokeApiKey(merchantDb, prefix, clock.now());
        if (!key) throw new CommandUsageError(`no API key with the prefix "${prefix}" (see api-keys list)`);
        return `revoked API key ${key.prefix} "${key.name}" at ${key.revoked_at?.toISOString()}`;
      }
      default:
        throw new CommandUsageError(USAGE);
    }
  },
};

function describeKey(key: ApiKey): string {
  return [
    key.prefix,
    `"${key.name}"`,
    key.scopes,
    `created ${key.created_at.toISOString()}`,
    `last used ${key.last_used_at?.toISOString() ?? 'never'}`,
    key.revoked_at ? `revoked ${key.revoked_at.toISOString()}` : 'active',
  ].join('  ');
}

function parseScopes(value: string): ApiKeyScopes {
  const scopes = new Set(value.split(',').map((s) => s.trim()));
  if (scopes.size === 0 || [...scopes].some((s) => s !== 'read' && s !== 'write')) {
    throw new CommandUsageError(`--scopes must be read, write or read,write (got "${value}")`);
  }
  // Writing without reading what one wrote is no use to an integration: write implies read.
  return scopes.has('write') ? 'read,write' : 'read';
}

function parseOptions(args: readonly string[]): { name?: string; scopes?: string } {
  const options: { name?: string; scopes?: string } = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag !== '--name' && flag !== '--scopes') || value === undefined) throw new CommandUsageError(USAGE);
    options[flag === '--name' ? 'name' : 'scopes'] = value;
  }
  return options;
}

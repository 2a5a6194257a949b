import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard: a webhook URL is the provider's to choose, but Cassa makes the request from inside its own network,
 * so in production it refuses targets that resolve to loopback, link-local, private or otherwise non-public
 * addresses (unless WEBHOOK_ALLOW_PRIVATE=1). The check is made on the addresses the name RESOLVES to, at creation
 * and again at every delivery (a name can be re-pointed after it was accepted), and the request then connects to the
 * address that was checked, so a second lookup cannot swap it (DNS rebinding).
 */
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the host itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 of an IPv4 address: checked through its IPv4 below as well
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

/** Whether an address is one a production webhook may not reach. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as IPv4. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1] as string, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface TargetPolicy {
  allowPrivateTargets: boolean;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** The URL's own shape: http or https, a host, no credentials in it (they would be sent to whoever answers, and logged). */
export function checkWebhookUrl(value: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'only http and https URLs' };
  if (!url.hostname) return { ok: false, reason: 'the URL has no host' };
  if (url.username || url.password) return { ok: false, reason: 'the URL must not carry a user name or password' };
  if (value.length > 2000) return { ok: false, reason: 'the URL is longer than 2000 characters' };
  return { ok: true, url };
}

export type ResolvedTarget = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string };

/**
 * Resolves the URL's host (every address it has) and refuses it when any is private under the policy: one private
 * address among public ones is enough to refuse, since the connection could pick it.
 */
export async function resolveTarget(url: URL, policy: TargetPolicy): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    return { ok: false, reason: `cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  if (addresses.length === 0) return { ok: false, reason: `cannot resolve ${host}` };
  if (!policy.allowPrivateTargets) {
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      return {
        ok: false,
        reason: `${host} resolves to ${refused.address}, a private or loopback address (set WEBHOOK_ALLOW_PRIVATE=1 to allow)`,
      };
    }
  }
  const first = addresses[0] as { address: string; family: number };
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
}

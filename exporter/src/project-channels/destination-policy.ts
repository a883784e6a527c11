/**
 * Where Pulse may send a project's notifications: https only, and never to an address on this
 * machine or its networks (loopback, private, link-local, unspecified, multicast), so a project
 * cannot make the exporter call internal services. Hosts or addresses in
 * `project_alerts.allow_destinations` are exempt from both (the local stack's demo sink on
 * 127.0.0.1). Checked when the destination is set and again before every send, since what a name
 * resolves to can change.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) INTERNAL.addSubnet(net, bits, 'ipv6');

export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return INTERNAL.check(mapped[1], 'ipv4');
  return INTERNAL.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

export type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/** Why Pulse may not send to `text`, or undefined when it may. */
export async function destinationProblem(text: string, allowed: readonly string[], resolve: Resolve = resolveAll): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an absolute URL (got "${text}")`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const hostAllowed = allowed.includes(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && hostAllowed)) return `must be an https URL (got "${text}"); http only for hosts in project_alerts.allow_destinations`;
  if (hostAllowed) return undefined;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    return `host "${host}" does not resolve: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  const internal = addresses.find((a) => isInternalAddress(a) && !allowed.includes(a));
  return internal === undefined ? undefined : `host "${host}" resolves to ${internal}, a loopback, private or link-local address; allow it in project_alerts.allow_destinations`;
}

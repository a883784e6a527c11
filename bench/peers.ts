/**
 * The peer tools from Debian's packages, each on a free loopback port: blackbox_exporter (with a
 * module written here) and pushgateway (no persistence file, so it holds series in memory only).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../exporter/src/testing/exporter-process';
import type { Scope } from './scope';
import { answers, startProcess, type RunningProcess } from './service';

export interface PeerProcess extends RunningProcess {
  readonly url: string;
}

export const BLACKBOX_MODULE = 'http_2xx';

/**
 * The module matches the Pulse probe under test: GET, 200 only, no body checks, IPv4, HTTP/1.1.
 * blackbox_exporter builds a new HTTP client for every probe, so each probe opens a fresh
 * connection, as Pulse's does (a TCP connection of its own per probe).
 */
export function writeBlackboxConfig(dir: string, timeoutSeconds: number): string {
  const path = join(dir, 'blackbox.yml');
  const config = {
    modules: {
      [BLACKBOX_MODULE]: {
        prober: 'http',
        timeout: `${timeoutSeconds}s`,
        http: { method: 'GET', valid_status_codes: [200], preferred_ip_protocol: 'ip4', ip_protocol_fallback: false, follow_redirects: false, enable_http2: false },
      },
    },
  };
  writeFileSync(path, stringify(config));
  return path;
}

export async function startBlackbox(scope: Scope, configFile: string): Promise<PeerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess(scope, {
    name: 'blackbox_exporter',
    command: 'prometheus-blackbox-exporter',
    args: [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    ready: answers(`${url}/-/healthy`),
  });
  return { ...running, url };
}

export async function startPushgateway(scope: Scope): Promise<PeerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess(scope, {
    name: 'pushgateway',
    command: 'prometheus-pushgateway',
    args: [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'],
    ready: answers(`${url}/-/ready`),
  });
  return { ...running, url };
}

/**
 * Test harness: the exporter's runtime and HTTP app in this process (memory store, real HTTP on a
 * free loopback port), for tests of the HTTP surface that need no child process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { stringify } from 'yaml';
import { DEFAULT_SERVER_LIMITS, listen, type ServerLimits } from '../../../common/http/listen';
import { silentLogger, type Logger } from '../../../common/log';
import { createHttpApp } from '../api/http-app';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import { createRuntime, type ExporterRuntime } from '../runtime';
import { createClientLocator } from '../selection/client-location';
import { createMemoryStore } from '../store/memory-store';
import { tempDir } from './exporter-process';
import type { LiveLimits } from '../live/limits';
import { attachLiveWebSocket } from '../live/ws-stream';

export interface ExporterApp {
  readonly url: string;
  readonly port: number;
  readonly runtime: ExporterRuntime;
  readonly configFile: string;
  fetch(path: string, init?: RequestInit & { key?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface ExporterAppOptions {
  readonly enableLifecycle?: boolean;
  readonly maxFailedRequestsPerMinute?: number;
  readonly limits?: ServerLimits;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
  readonly runProbe?: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
  readonly now?: () => number;
  /** Extra top-level keys of pulse.yml (admin, projects, alerts …). */
  readonly extra?: Record<string, unknown>;
  /** Lower bounds for the live streams. */
  readonly liveLimits?: Partial<LiveLimits>;
}

/** One region probed over TCP at a closed loopback port: probes fail fast and need no server. */
export function minimalConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'pulse/v1',
    vantage: 'local',
    vantages: [{ name: 'local', latitude: 50.11, longitude: 8.68 }],
    regions: [
      {
        code: 'one',
        name: 'Region one',
        url: 'wss://127.0.0.1:1/rtc',
        latitude: 0,
        longitude: 0,
        priority: 1,
        capacity: 100,
        probe: { kind: 'tcp', target: '127.0.0.1:1', interval: '1h', timeout: '1s' },
      },
    ],
    ...extra,
  };
}

export async function startExporterApp(options: ExporterAppOptions = {}): Promise<ExporterApp> {
  const configFile = join(tempDir(), 'pulse.yml');
  writeFileSync(configFile, stringify(minimalConfig(options.extra)));
  const log = options.log ?? silentLogger();
  const registry = new Registry();
  const runtime = createRuntime({ configFile, loadOptions: { env: options.env ?? {} }, store: createMemoryStore(), registry, log, version: 'test', runProbe: options.runProbe, now: options.now, liveLimits: options.liveLimits });
  const app = createHttpApp({ runtime, registry, locate: createClientLocator(), log, enableLifecycle: options.enableLifecycle, maxFailedRequestsPerMinute: options.maxFailedRequestsPerMinute });
  const server = await listen(app, { host: '127.0.0.1', port: 0 }, options.limits ?? DEFAULT_SERVER_LIMITS);
  attachLiveWebSocket(server.server, runtime, log);
  await runtime.start();
  return {
    url: server.url,
    port: server.address.port,
    runtime,
    configFile,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.key !== undefined) headers.set('authorization', `Bearer ${init.key}`);
      return fetch(server.url + path, { ...init, headers });
    },
    async close() {
      runtime.live.closeConnections();
      await server.close();
      await runtime.stop();
    },
  };
}

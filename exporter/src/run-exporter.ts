/** Wires the running exporter: store, runtime, HTTP app, signals. Resolves when it has stopped. */
import { Registry } from 'prom-client';
import { listen, parseListenAddress } from '../../common/http/listen';
import { createLogger } from '../../common/log';
import type { Telemetry } from '../../common/telemetry/otel';
import { createHttpApp } from './api/http-app';
import { startProbeThread } from './probes/probe-thread';
import type { ExporterFlags } from './cli-flags';
import { createRuntime } from './runtime';
import { createClientLocator } from './selection/client-location';
import { createMemoryStore } from './store/memory-store';
import { createRedisStore } from './store/redis-store';
import { VERSION } from './version';

export async function runExporter(flags: ExporterFlags, telemetry?: Telemetry): Promise<number> {
  const log = createLogger('pulse-exporter', flags.logLevel);
  const address = parseListenAddress(flags.listenAddress);
  const registry = new Registry();
  // REDIS_URL shares state between replicas and survives restarts; without it, state is per process.
  const store = process.env.REDIS_URL ? createRedisStore({ url: process.env.REDIS_URL, logger: log }) : createMemoryStore();
  // The scheduler and its probes run on a thread of their own, so main-thread work cannot delay their clocks.
  const probeThread = startProbeThread({ log });
  const runtime = createRuntime({ configFile: flags.configFile, loadOptions: { vantageOverride: flags.vantage }, store, registry, log, version: VERSION, createScheduler: probeThread.createScheduler });
  const app = createHttpApp({ runtime, registry, locate: createClientLocator(), log, extraMetrics: telemetry?.render, enableLifecycle: flags.enableLifecycle, maxFailedRequestsPerMinute: flags.maxFailedRequestsPerMinute });
  const server = await listen(app, address, flags.serverLimits);
  await runtime.start();
  log.info({ url: server.url, metrics: `${server.url}/metrics`, api: `${server.url}/api/v1/regions`, config: flags.configFile }, 'pulse-exporter listening');

  const onHup = () => void runtime.reload();
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.off('SIGHUP', onHup);
  // Stop accepting, finish requests in flight, stop probing, then flush telemetry.
  await server.close();
  await runtime.stop();
  await probeThread.close();
  await store.close();
  await telemetry?.shutdown().catch(() => undefined);
  log.info('stopped');
  return 0;
}

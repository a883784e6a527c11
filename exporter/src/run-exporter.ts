/** Wires the running exporter: store, runtime, HTTP app, signals. Resolves when it has stopped. */
import { Registry } from 'prom-client';
import { listen, parseListenAddress } from '../../common/http/listen';
import { createLogger, type Logger } from '../../common/log';
import type { Telemetry } from '../../common/telemetry/otel';
import { createHttpApp } from './api/http-app';
import type { PulseConfig } from './config/model';
import { startProbeThread } from './probe-thread/probe-thread';
import type { ExporterFlags } from './cli-flags';
import { createRuntime, type ExporterRuntime } from './runtime';
import { createClientLocator } from './selection/client-location';
import { createMemoryStore } from './store/memory-store';
import { createRedisStore } from './store/redis-store';
import { redisTargetFromEnv } from './store/redis-target';
import { VERSION } from './version';
import { redisBus } from './live/bus';
import { attachLiveWebSocket } from './live/ws-stream';

/** `config`: the config file, already read and validated (main.ts), so nothing starts on a bad one. */
export async function runExporter(flags: ExporterFlags, config: PulseConfig, telemetry?: Telemetry): Promise<number> {
  const log = createLogger('pulse-exporter', flags.logLevel);
  const address = parseListenAddress(flags.listenAddress);
  const registry = new Registry();
  const loadOptions = { vantageOverride: flags.vantage };
  // REDIS_URL (or REDIS_CLUSTER_NODES) shares state between replicas and survives restarts;
  // without either, state is per process. A malformed setting stops the start here.
  const redis = redisTargetFromEnv(process.env);
  const store = redis ? createRedisStore({ ...redis, logger: log }) : createMemoryStore({ log });
  // The scheduler and its probes run on a thread of their own, so main-thread work cannot delay their clocks.
  const probeThread = startProbeThread({ log });
  // Alerts reach the live clients of every replica through Redis pub/sub; closed in `finally` like the store, so a failed start exits.
  const liveBus = redis ? redisBus(redis, log) : undefined;
  // The probe thread is unref'd so that it never keeps the process alive by itself (a start that
  // fails, say on a port in use, must exit); this timer holds the process open until all has stopped.
  const holdOpen = setInterval(() => undefined, 2 ** 30);
  try {
    const runtime = createRuntime({ configFile: flags.configFile, loadOptions, initialConfig: config, store, registry, log, version: VERSION, createScheduler: probeThread.createScheduler, liveBus });
    const app = createHttpApp({ runtime, registry, locate: createClientLocator(), log, extraMetrics: telemetry?.render, enableLifecycle: flags.enableLifecycle, maxFailedRequestsPerMinute: flags.maxFailedRequestsPerMinute });
    const server = await listen(app, address, flags.serverLimits);
    attachLiveWebSocket(server.server, runtime, log);
    await runtime.start();
    log.info({ url: server.url, metrics: `${server.url}/metrics`, api: `${server.url}/api/v1/regions`, config: flags.configFile }, 'pulse-exporter listening');
    await untilStopSignal(runtime, log);
    // Close the live streams, stop accepting, finish requests in flight, stop probing, then flush telemetry.
    runtime.live.closeConnections();
    await server.close();
    await runtime.stop();
  } finally {
    await probeThread.close();
    await store.close();
    await liveBus?.close();
    clearInterval(holdOpen);
  }
  await telemetry?.shutdown().catch(() => undefined);
  log.info('stopped');
  return 0;
}

/** Reloads on SIGHUP until SIGTERM or SIGINT. */
async function untilStopSignal(runtime: ExporterRuntime, log: Logger): Promise<void> {
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
}

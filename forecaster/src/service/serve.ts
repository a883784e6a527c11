/**
 * `pulse-forecaster serve --config.file=… --web.listen-address=:9471`: runs on a schedule and on
 * demand, and serves the forecasts on /metrics and /api/v1/forecast. Telemetry starts first.
 */
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { sha256Hex } from '../../../common/http/bearer-key';
import { listen, parseListenAddress } from '../../../common/http/listen';
import { createLogger } from '../../../common/log';
import { startTelemetry } from '../../../common/telemetry/otel';

/** The admin key comes from the environment only, so no secret sits in a config file. */
function adminKeySha256(): string | undefined {
  const key = process.env.PULSE_ADMIN_KEY;
  return key ? sha256Hex(key) : undefined;
}

export const SERVE_USAGE = `usage: pulse-forecaster serve [flags]

flags:
  --config.file=PATH          the Forecaster config (default forecaster/config/forecaster.yml)
  --web.listen-address=ADDR   where /metrics and /api/v1/forecast listen (default :9471)
  --log.level=LEVEL           debug, info, warn or error (default info)
  -h, --help                  print this help`;

export async function serve(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'config.file': { type: 'string' }, 'web.listen-address': { type: 'string' }, 'log.level': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const telemetry = startTelemetry('pulse-forecaster');
  // Loaded after telemetry so the HTTP instrumentation wraps the server.
  const [{ loadForecasterConfig }, { loadAugurs }, { createInlinePool, createWorkerPool }, { createForecasterState }, { registerForecasterMetrics }, { createForecasterApp }] = await Promise.all([
    import('./config'),
    import('../models/augurs'),
    import('./forecast-pool'),
    import('./forecaster-state'),
    import('./forecaster-metrics'),
    import('./http-app'),
  ]);
  const log = createLogger('pulse-forecaster', values['log.level']);
  const config = loadForecasterConfig(values['config.file'] ?? 'forecaster/config/forecaster.yml');
  const pool = config.workers > 0 ? createWorkerPool(config.workers) : createInlinePool(loadAugurs());
  const state = createForecasterState({ config, pool, nowMs: Date.now, log });
  const registry = new Registry();
  registerForecasterMetrics(registry, state);
  const server = await listen(createForecasterApp({ state, registry, extraMetrics: telemetry.render, adminKeySha256: adminKeySha256() }), parseListenAddress(values['web.listen-address'] ?? ':9471'));
  log.info({ url: server.url, prometheus: config.prometheusUrl, scheduleMs: config.scheduleMs, workers: pool.workers }, 'pulse-forecaster listening');
  state.start();
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  state.stop();
  await pool.close();
  await server.close();
  await telemetry.shutdown().catch(() => undefined);
  return 0;
}

/** Prometheus-style command-line flags of pulse-exporter. */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../common/duration';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../common/http/listen';

export interface ExporterFlags {
  readonly configFile: string;
  readonly listenAddress: string;
  readonly configCheck: boolean;
  /** Lifecycle endpoints (/-/reload): off unless enabled, as in Prometheus. */
  readonly enableLifecycle: boolean;
  /** --web.max-connections and --web.read-timeout. */
  readonly serverLimits: ServerLimits;
  /** 400 and 401 answers one client address may get a minute before it is answered 429. */
  readonly maxFailedRequestsPerMinute: number;
  readonly vantage?: string;
  readonly logLevel: string;
  readonly help: boolean;
  readonly version: boolean;
}

export const DEFAULT_CONFIG_FILE = 'exporter/config/pulse.yml';
export const DEFAULT_LISTEN_ADDRESS = ':9470';
export const DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE = 120;

export const USAGE = `usage: pulse-exporter [flags]

  --config.file=PATH          configuration file (default ${DEFAULT_CONFIG_FILE})
  --web.listen-address=ADDR   address to listen on (default ${DEFAULT_LISTEN_ADDRESS})
  --config.check              validate the configuration file and exit
  --web.enable-lifecycle      enable /-/reload (with the admin key, when one is configured)
  --web.max-connections=N     simultaneous connections (default ${DEFAULT_SERVER_LIMITS.maxConnections})
  --web.read-timeout=DUR      time to receive a whole request, headers within 10s (default 30s)
  --web.max-failed-requests-per-minute=N
                              400 and 401 answers per client address a minute, then 429 (default ${DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE})
  --vantage=NAME              this exporter's vantage point (default: from config, or PULSE_VANTAGE)
  --log.level=LEVEL           debug, info, warn or error (default info, or LOG_LEVEL)
  --version                   print the version and exit
  --help                      print this help and exit

environment: PULSE_ADMIN_KEY, PULSE_VANTAGE, LOG_LEVEL, OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT`;

/** Throws an Error naming the bad flag. */
export function parseExporterFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ExporterFlags {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'config.file': { type: 'string' },
      'web.listen-address': { type: 'string' },
      'config.check': { type: 'boolean' },
      'web.enable-lifecycle': { type: 'boolean' },
      'web.max-connections': { type: 'string' },
      'web.read-timeout': { type: 'string' },
      'web.max-failed-requests-per-minute': { type: 'string' },
      vantage: { type: 'string' },
      'log.level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const logLevel = values['log.level'] ?? env.LOG_LEVEL ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(logLevel)) {
    throw new Error(`--log.level: must be one of debug, info, warn, error (got "${logLevel}")`);
  }
  return {
    configFile: values['config.file'] ?? DEFAULT_CONFIG_FILE,
    listenAddress: values['web.listen-address'] ?? DEFAULT_LISTEN_ADDRESS,
    configCheck: values['config.check'] ?? false,
    enableLifecycle: values['web.enable-lifecycle'] ?? false,
    serverLimits: {
      maxConnections: countFlag('web.max-connections', values['web.max-connections'], DEFAULT_SERVER_LIMITS.maxConnections),
      requestTimeoutMs: durationFlag('web.read-timeout', values['web.read-timeout'], DEFAULT_SERVER_LIMITS.requestTimeoutMs),
    },
    maxFailedRequestsPerMinute: countFlag('web.max-failed-requests-per-minute', values['web.max-failed-requests-per-minute'], DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE),
    vantage: values.vantage,
    logLevel,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** A whole number from 1 to 1,000,000. */
function countFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 1_000_000) throw new Error(`--${name}: must be a whole number from 1 to 1000000 (got "${text}")`);
  return value;
}

/** A duration from 100ms to 1h. */
function durationFlag(name: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDuration(text);
  if (ms === undefined || ms < 100 || ms > 3_600_000) throw new Error(`--${name}: must be a duration from 100ms to 1h such as 30s (got "${text}")`);
  return ms;
}

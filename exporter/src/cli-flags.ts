/** Prometheus-style command-line flags of pulse-exporter. */
import { parseArgs } from 'node:util';

export interface ExporterFlags {
  readonly configFile: string;
  readonly listenAddress: string;
  readonly configCheck: boolean;
  /** Lifecycle endpoints (/-/reload): off unless enabled, as in Prometheus. */
  readonly enableLifecycle: boolean;
  readonly vantage?: string;
  readonly logLevel: string;
  readonly help: boolean;
  readonly version: boolean;
}

export const DEFAULT_CONFIG_FILE = 'exporter/config/pulse.yml';
export const DEFAULT_LISTEN_ADDRESS = ':9470';

export const USAGE = `usage: pulse-exporter [flags]

  --config.file=PATH          configuration file (default ${DEFAULT_CONFIG_FILE})
  --web.listen-address=ADDR   address to listen on (default ${DEFAULT_LISTEN_ADDRESS})
  --config.check              validate the configuration file and exit
  --web.enable-lifecycle      enable /-/reload (with the admin key, when one is configured)
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
    vantage: values.vantage,
    logLevel,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

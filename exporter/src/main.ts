/**
 * pulse-exporter entry point: flags, --config.check, then telemetry first (so the HTTP
 * instrumentation wraps the server), then the exporter itself.
 */
import { startTelemetry } from '../../common/telemetry/otel';
import { parseExporterFlags, USAGE } from './cli-flags';
import { loadConfigFile } from './config/load';
import { VERSION } from './version';

async function main(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseExporterFlags(argv);
  } catch (error) {
    process.stderr.write(`pulse-exporter: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`pulse-exporter ${VERSION} (node ${process.version})\n`);
    return 0;
  }
  // Read and validated before anything starts (telemetry, store, probe thread, HTTP server): a
  // bad file is printed and exits 1 at once, at start as with --config.check.
  let config;
  try {
    config = loadConfigFile(flags.configFile, { vantageOverride: flags.vantage });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  if (flags.configCheck) {
    process.stdout.write(`${flags.configFile}: OK (${config.regions.length} regions, vantage ${config.vantage.name})\n`);
    return 0;
  }
  const telemetry = startTelemetry('pulse-exporter');
  const { runExporter } = await import('./run-exporter');
  return runExporter(flags, config, telemetry);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pulse-exporter: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);

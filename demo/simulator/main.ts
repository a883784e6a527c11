import { writeFile } from 'node:fs/promises';
import { createLogger } from '../../common/log';
import { formatRegionLines, parseCliArgs, USAGE, type CliOptions } from './cli';
import { DEFAULT_REGIONS } from './default-regions';
import { createSimulator } from './simulator';

/** `npm run simulator`: the default regions on their fixed ports until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const logger = createLogger('simulator');
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`simulator: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let simulator;
  try {
    simulator = await createSimulator({
      host: options.host,
      controlPort: options.controlPort,
      regions: DEFAULT_REGIONS,
      seed: options.seed,
      logger,
    });
  } catch (error) {
    logger.error({ err: error }, (error as Error).message);
    process.stderr.write(`simulator: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const running = simulator;
  if (options.caOut) {
    try {
      await writeFile(options.caOut, running.caCertificate);
    } catch (error) {
      process.stderr.write(`simulator: write --ca-out ${options.caOut}: ${(error as Error).message}\n`);
      await running.close();
      process.exitCode = 1;
      return;
    }
  }
  process.stdout.write(`${formatRegionLines(running.regions(), running.controlUrl).join('\n')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while closing means "now".
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping');
    running.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();

/**
 * pulse-forecaster entry point: dispatches the subcommand. `backtest` judges the models on
 * CSV files; `serve` is the sidecar that reads Prometheus and publishes forecasts.
 */
import { runBacktestCommand } from './cli/backtest-command';
import { serve } from './service/serve';

const USAGE = `usage: pulse-forecaster <command> [flags]

commands:
  backtest   rolling-origin backtest of every model on CSV files of timestamp,value
  serve      the sidecar: --config.file=forecaster/config/forecaster.yml --web.listen-address=:9471

\`pulse-forecaster <command> --help\` shows a command's flags.`;

function main(argv: readonly string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'backtest':
      return runBacktestCommand(rest);
    case 'serve':
      return serve(rest);
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`${command === undefined ? '' : `pulse-forecaster: unknown command "${command}"\n\n`}${USAGE}\n`);
      return 2;
  }
}

Promise.resolve(main(process.argv.slice(2))).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`pulse-forecaster: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);

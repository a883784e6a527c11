/**
 * pulse-forecaster entry point: dispatches the subcommand. `backtest` judges the models on
 * CSV files; `serve` (the sidecar that reads Prometheus and publishes forecasts) comes next.
 */
import { runBacktestCommand } from './cli/backtest-command';

const USAGE = `usage: pulse-forecaster <command> [flags]

commands:
  backtest   rolling-origin backtest of every model on CSV files of timestamp,value

\`pulse-forecaster <command> --help\` shows a command's flags.`;

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'backtest':
      return runBacktestCommand(rest);
    case 'serve':
      process.stderr.write('pulse-forecaster: serve is not implemented yet\n');
      return 2;
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

process.exitCode = main(process.argv.slice(2));

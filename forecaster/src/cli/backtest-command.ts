/**
 * `pulse-forecaster backtest`: the only I/O is here (reading the inputs, writing stdout and
 * stderr). Each input is evaluated on its own, so an unreadable or unusable file is reported and
 * the run goes on; the exit status is 2 when a flag or any input file was bad.
 */
import { readFileSync } from 'node:fs';
import { evaluateCsv, type Evaluation } from '../backtest/evaluate-csv';
import { loadAugurs } from '../models/augurs';
import { BACKTEST_USAGE, parseBacktestFlags, UsageError, type BacktestFlags } from './backtest-flags';
import { renderJson, renderSummary, renderTable } from './render-backtest';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
}

export const PROCESS_IO: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
};

export function runBacktestCommand(argv: readonly string[], io: CommandIo = PROCESS_IO): number {
  let flags: BacktestFlags;
  try {
    flags = parseBacktestFlags(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`pulse-forecaster backtest: ${error.message}\n(pulse-forecaster backtest --help shows the flags)\n`);
    return 2;
  }
  if (flags.help) {
    io.stdout(`${BACKTEST_USAGE}\n`);
    return 0;
  }
  const augurs = loadAugurs();
  const evaluations: Evaluation[] = [];
  for (const input of flags.inputs) {
    const evaluation = evaluateInput(input, flags, io, augurs);
    evaluations.push(evaluation);
    if (evaluation.status === 'unreadable') io.stderr(`pulse-forecaster backtest: ${evaluation.reason}\n`);
    io.stdout(flags.json ? `${renderJson(evaluation, flags)}\n` : renderTable(evaluation, flags));
  }
  if (!flags.json && flags.inputs.length > 1) io.stdout(renderSummary(evaluations));
  return evaluations.some((evaluation) => evaluation.status === 'unreadable') ? 2 : 0;
}

function evaluateInput(input: string, flags: BacktestFlags, io: CommandIo, augurs: ReturnType<typeof loadAugurs>): Evaluation {
  let text: string;
  try {
    text = io.readFile(input);
  } catch (error) {
    return { status: 'unreadable', input, reason: `${input}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  return evaluateCsv(text, input, { ...flags, augurs });
}

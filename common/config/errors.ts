import type { KeyPath } from './path';
import { formatKeyPath } from './path';

/** One problem in a config or spec file, located by file, line and key path. */
export interface ConfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly path: KeyPath;
  readonly message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  // Problems of the whole document (a YAML syntax error) have no key path.
  if (problem.path.length === 0) return `${where}: ${problem.message}`;
  return `${where}: ${formatKeyPath(problem.path)}: ${problem.message}`;
}

/** Thrown when a file is invalid; `problems` lists every one found, message lists them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

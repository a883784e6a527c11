/**
 * `node --import tsx grafana/src/generate.ts [--check]`: builds every dashboard from grafana/src
 * and the rule specs and writes grafana/dashboards/<uid>.json, or with --check fails (exit 1)
 * when the committed files are not what the sources generate. Exit 2 on a bad flag.
 */
import { join, relative } from 'node:path';
import { allDashboards } from './dashboards/all-dashboards';
import { loadDashboardInputs } from './inputs/load-dashboard-inputs';
import { renderDashboards } from './render/render-dashboards';
import { compareDashboards, writeDashboards } from './write-dashboards';

export const DASHBOARD_FOLDER = join(__dirname, '..', 'dashboards');
const USAGE = 'usage: generate.ts [--check]';

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`generate: unknown argument ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  const files = renderDashboards(allDashboards(loadDashboardInputs()));
  if (args.includes('--check')) {
    const problems = compareDashboards(DASHBOARD_FOLDER, files);
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    if (problems.length > 0) process.stderr.write('run `node --import tsx grafana/src/generate.ts` and commit the result\n');
    return problems.length === 0 ? 0 : 1;
  }
  for (const name of writeDashboards(DASHBOARD_FOLDER, files)) process.stdout.write(`wrote ${relative(process.cwd(), join(DASHBOARD_FOLDER, name))}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

/**
 * pulse-rules: `generate` renders alert-rules/specs into alert-rules/generated; `check` validates
 * the specs and fails when the committed output is not what the specs generate.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../common/config/errors';
import { renderAll } from './generate';
import { loadSpecs, readSpecFolder } from './spec-files/load-specs';
import { staleFiles, writeGenerated } from './write';

const ROOT = join(__dirname, '..');
const USAGE = `usage: pulse-rules generate|check [--specs DIR] [--out DIR]

  generate   render the specs into the output folder (rules, promtool tests, alertmanager.yml, PrometheusRule)
  check      validate the specs; fail if the output folder is not what they generate
  --specs    spec folder (default alert-rules/specs)
  --out      output folder (default alert-rules/generated)`;

export function runRulesCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { specs: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (error) {
    err.write(`pulse-rules: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'generate' && command !== 'check') {
    err.write(`pulse-rules: unknown command ${JSON.stringify(command ?? '')}\n${USAGE}\n`);
    return 2;
  }
  const specsDir = parsed.values.specs ?? join(ROOT, 'specs');
  const outDir = parsed.values.out ?? join(ROOT, 'generated');
  let files: Map<string, string>;
  try {
    files = renderAll(loadSpecs(readSpecFolder(specsDir)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err.write(`${error.message}\n`);
    return 1;
  }
  if (command === 'generate') {
    const { written, removed } = writeGenerated(outDir, files);
    out.write(`pulse-rules: wrote ${written} files to ${outDir}${removed.length ? `, removed ${removed.join(', ')}` : ''}\n`);
    return 0;
  }
  const stale = staleFiles(outDir, files);
  if (stale.length > 0) {
    err.write(`pulse-rules: ${outDir} is out of date; run \`npm run rules\`:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
    return 1;
  }
  out.write(`pulse-rules: specs valid, ${files.size} generated files up to date\n`);
  return 0;
}

if (require.main === module) process.exitCode = runRulesCli(process.argv.slice(2));

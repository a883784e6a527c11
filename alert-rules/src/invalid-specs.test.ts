import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigError } from '../../common/config/errors';
import { runRulesCli } from './cli';
import { renderAll } from './generate';
import { loadSpecs } from './spec-files/load-specs';
import { specsWith, TESTDATA_DIR } from './testing/spec-sets';

const INVALID = join(TESTDATA_DIR, 'invalid');
const files = readdirSync(INVALID).filter((f) => f.endsWith('.yaml'));

describe('invalid specs', () => {
  it('has at least 15 examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s is rejected with file:line, key path and value', (file) => {
    const expected = readFileSync(join(INVALID, file.replace(/\.yaml$/, '.error')), 'utf8').trim();
    let caught: unknown;
    try {
      renderAll(loadSpecs(specsWith(join(INVALID, file))));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toBe(expected);
    expect(expected).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+: `));
  });

  it('makes pulse-rules exit 1 and print the problem, writing nothing', () => {
    const specs = mkdtempSync(join(tmpdir(), 'pulse-specs-'));
    const out = mkdtempSync(join(tmpdir(), 'pulse-out-'));
    for (const source of specsWith(join(INVALID, 'alerts-unknown-metric.yaml'))) writeFileSync(join(specs, basename(source.file)), source.text);
    let stderr = '';
    const err = { write: (chunk: string) => ((stderr += chunk), true) } as unknown as NodeJS.WritableStream;
    expect(runRulesCli(['generate', '--specs', specs, '--out', out], err, err)).toBe(1);
    expect(stderr).toContain('alerts-unknown-metric.yaml:5: alerts[0].metric: must be a metric of the catalogue');
    expect(readdirSync(out)).toEqual([]);
  });
});

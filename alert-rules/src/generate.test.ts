import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../exporter/src/testing/promtool';
import { runRulesCli } from './cli';
import { renderAll } from './generate';
import { loadSpecs, readSpecFolder } from './spec-files/load-specs';
import { GENERATED_DIR, SPECS_DIR, specsWith, TESTDATA_DIR } from './testing/spec-sets';
import { writeGenerated } from './write';

const GOLDEN = join(TESTDATA_DIR, 'golden');
const sink = () => {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, text: () => text };
};

describe('the committed generated output', () => {
  it('is exactly what the specs generate (pulse-rules check)', () => {
    const out = sink();
    const err = sink();
    expect(runRulesCli(['check'], out.stream, err.stream)).toBe(0);
    expect(err.text()).toBe('');
  });

  it('passes promtool check rules', () => {
    const files = readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.rules.yml')).map((f) => join(GENERATED_DIR, f));
    const result = runTool('promtool', ['check', 'rules', ...files]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('passes every generated promtool unit test, one file per alert', () => {
    const tests = readdirSync(join(GENERATED_DIR, 'tests')).map((f) => join(GENERATED_DIR, 'tests', f));
    expect(tests.length).toBeGreaterThanOrEqual(15);
    const result = runTool('promtool', ['test', 'rules', ...tests]);
    expect(result.stdout + result.stderr).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });

  it('gives every alert severity, summary, description and runbook_url, and tests it', () => {
    const files = renderAll(loadSpecs(readSpecFolder(SPECS_DIR)));
    const alerts = [...files.entries()].filter(([name]) => name.endsWith('.rules.yml')).flatMap(([, text]) => [...text.matchAll(/- alert: (\S+)/g)].map((m) => m[1]));
    expect(alerts.length).toBeGreaterThanOrEqual(18);
    for (const [name, text] of files) {
      if (!name.endsWith('.rules.yml')) continue;
      for (const block of text.split('  - alert: ').slice(1)) {
        for (const key of ['severity:', 'summary:', 'description:', 'runbook_url:']) expect(block).toContain(key);
      }
    }
    for (const alert of new Set(alerts)) expect(files.has(`tests/${alert}.test.yml`)).toBe(true);
  });

  it('prints thresholds as exact decimals', () => {
    const text = readFileSync(join(GENERATED_DIR, 'slos.rules.yml'), 'utf8');
    expect(text).toContain('> 0.0144 and');
    expect(text).toContain('vector(0.001)');
    expect(text).not.toMatch(/\d\.\d*0000000\d/);
  });

  it('passes amtool check-config', () => {
    const result = runTool('amtool', ['check-config', join(GENERATED_DIR, 'alertmanager.yml')]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

describe('golden files: testdata/golden/in-<kind>.yaml → out-<kind>/', () => {
  const inputs = readdirSync(GOLDEN).filter((f) => f.startsWith('in-') && f.endsWith('.yaml'));

  it('has a golden case for every spec kind', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(6);
  });

  it.each(inputs)('%s renders its expected files', (input) => {
    const expectedDir = join(GOLDEN, input.replace(/^in-/, 'out-').replace(/\.yaml$/, ''));
    const files = renderAll(loadSpecs(specsWith(join(GOLDEN, input))));
    const expected = readdirSync(expectedDir, { recursive: true }).map(String).filter((f) => f.endsWith('.yml'));
    expect(expected.length).toBeGreaterThan(0);
    if (process.env.UPDATE_GOLDEN) {
      for (const name of expected) writeFileSync(join(expectedDir, name), files.get(name.replace(/__/g, '/'))!);
    }
    for (const name of expected) {
      expect({ name, text: files.get(name.replace(/__/g, '/')) }).toEqual({ name, text: readFileSync(join(expectedDir, name), 'utf8') });
    }
  });

  it.each(inputs)('%s generates promtool tests that pass', (input) => {
    const out = mkdtempSync(join(tmpdir(), 'pulse-golden-'));
    writeGenerated(out, renderAll(loadSpecs(specsWith(join(GOLDEN, input)))));
    const tests = readdirSync(join(out, 'tests')).map((f) => join(out, 'tests', f));
    const result = runTool('promtool', ['test', 'rules', ...tests]);
    expect(result.stdout + result.stderr).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });
});

describe('cross-checks between specs', () => {
  it('rejects an alert channel that the Routing spec has no receiver for', () => {
    const sources = specsWith(join(TESTDATA_DIR, 'routing', 'in-minimal.yaml'));
    expect(() => renderAll(loadSpecs(sources))).toThrow(/alerts\.yaml:\d+: alerts\[1\]\.channels\[0\]: has no receiver in the Routing spec \(configured: slack\) \(got "email"\)/);
  });
});

describe('pulse-rules generate', () => {
  it('writes every file into an empty folder, and check then passes', () => {
    const out = mkdtempSync(join(tmpdir(), 'pulse-rules-'));
    expect(runRulesCli(['generate', '--out', out], sink().stream, sink().stream)).toBe(0);
    expect(runRulesCli(['check', '--out', out], sink().stream, sink().stream)).toBe(0);
    // A hand edit makes check fail, naming the file.
    const file = join(out, 'alerts.rules.yml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}# edited\n`);
    const err = sink();
    expect(runRulesCli(['check', '--out', out], sink().stream, err.stream)).toBe(1);
    expect(err.text()).toContain('alerts.rules.yml (changed)');
  });

  it('exits 2 on an unknown command', () => {
    expect(runRulesCli(['publish'], sink().stream, sink().stream)).toBe(2);
  });
});

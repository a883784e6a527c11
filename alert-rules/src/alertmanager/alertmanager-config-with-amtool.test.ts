/**
 * The rendered configuration against Alertmanager 0.25's own amtool: it must pass check-config,
 * and every severity × channel label set must reach exactly the expected receivers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO_TEMPLATES_FILE, renderGoTemplates } from '../messages/render-go-template';
import { routeTestCases } from './route-test-cases';
import type { RoutingSpec } from './routing-spec-schema';
import { renderWithSecretFiles } from './testing/alertmanager-for-spec';
import { amtool } from './testing/amtool';
import { goldenSpecs } from './testing/routing-specs';

const dir = mkdtempSync(join(tmpdir(), 'pulse-amtool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Renders the spec with its secrets in the temporary directory, writes the files (the templates beside), returns the config path. */
function writeConfig(name: string, spec: RoutingSpec): string {
  const secretsDir = mkdtempSync(join(dir, `${name}-secrets-`));
  const file = join(dir, `${name}.alertmanager.yml`);
  writeFileSync(file, renderWithSecretFiles(spec, secretsDir));
  return file;
}
writeFileSync(join(dir, GO_TEMPLATES_FILE), renderGoTemplates());

const specs = goldenSpecs().map(({ name, spec }) => ({ name, spec, file: writeConfig(name, spec) }));

describe('amtool check-config', () => {
  it.each(specs.map((s) => [s.name, s.file]))('accepts the configuration rendered from the %s spec, with its templates', async (_name, file) => {
    const result = await amtool(['check-config', file]);
    expect(result.stderr + result.stdout).toContain('SUCCESS');
    expect(result.stdout).toContain(' - 1 templates');
    expect(result.code).toBe(0);
  });

  it('rejects templates that do not parse, so a passing check means the generated ones do', async () => {
    const broken = mkdtempSync(join(dir, 'broken-'));
    writeFileSync(join(broken, GO_TEMPLATES_FILE), '{{ define "pulse.title" }}{{ if }}{{ end }}');
    writeFileSync(join(broken, 'alertmanager.yml'), `templates: [${GO_TEMPLATES_FILE}]\nroute: { receiver: none }\nreceivers: [{ name: none }]\n`);
    const result = await amtool(['check-config', join(broken, 'alertmanager.yml')]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('FAILED');
  });

  it('rejects a webhook url_file, which is why webhook URLs are configuration and only their tokens are files', async () => {
    const file = join(dir, 'url-file.alertmanager.yml');
    writeFileSync(file, 'route: { receiver: hook }\nreceivers:\n  - name: hook\n    webhook_configs:\n      - url_file: /run/secrets/hook-url\n');
    const result = await amtool(['check-config', file]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('field url_file not found');
  });
});

describe('amtool config routes test', () => {
  it('fails when the expected receivers are not the ones reached, so a passing route test means something', async () => {
    const { file } = specs[0];
    const result = await amtool(['config', 'routes', 'test', `--config.file=${file}`, '--verify.receivers=pulse-history', 'channels=pager']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('WARNING: Expected receivers did not match resolved receivers.');
    expect(result.stdout.split('\n')[0]).toBe('pulse-history,pager');
  });
});

describe.each(specs.map((s) => [s.name, s] as const))('amtool config routes test on the %s spec', (_name, { spec, file }) => {
  it.each(routeTestCases(spec).map((c) => [c.name, c.receivers.join(','), c] as const))(
    'routes an alert of %s to %s',
    async (_caseName, receivers, { labels }) => {
      const pairs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
      const result = await amtool(['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${receivers}`, ...pairs]);
      expect({ code: result.code, receivers: result.stdout.trim() }).toEqual({ code: 0, receivers });
    },
  );
});

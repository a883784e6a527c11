/**
 * docker-compose.yml, validated the way this machine can (no Docker engine runs here): Debian's
 * docker-compose parses and normalises it, and the files it mounts are the ones the local stack uses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runTool } from '../exporter/src/testing/promtool';
import { DEFAULT_PORTS, localize, localReplacements } from './stack/localize';

const ROOT = join(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  /** docker-compose 1.29 normalises volumes to "source:target:mode" strings. */
  volumes?: string[];
  healthcheck?: unknown;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
}

let defaultCompose: Record<string, ComposeService> | undefined;
/** The compose file as docker-compose normalises it with no variables set, read once. */
const services = (): Record<string, ComposeService> => (defaultCompose ??= normalisedCompose().services);

function normalisedCompose(env: Record<string, string> = {}): { services: Record<string, ComposeService> } {
  const result = spawnSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  if (result.error) throw new Error(`docker-compose not found: install the Debian package docker-compose (${result.error.message})`);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return parse(result.stdout) as { services: Record<string, ComposeService> };
}

describe('docker-compose.yml', () => {
  const compose = normalisedCompose();
  const services = compose.services;

  it('brings up the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['alertmanager', 'grafana', 'prometheus', 'pulse-exporter', 'pulse-forecaster', 'redis', 'secrets-init', 'simulator', 'traffic', 'victoriametrics'].sort(),
    );
  });

  it('pins every image, Grafana to 12 and Prometheus and Alertmanager to the versions the tests run', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d[\w.-]*$/) });
    }
    expect(services.grafana.image).toMatch(/^grafana\/grafana:12\./);
    expect(services.prometheus.image).toBe('prom/prometheus:v2.42.0');
    expect(services.alertmanager.image).toBe('prom/alertmanager:v0.25.0');
  });

  it('gives every long-running service a health check', () => {
    for (const name of ['redis', 'simulator', 'pulse-exporter', 'pulse-forecaster', 'prometheus', 'alertmanager', 'grafana', 'victoriametrics']) {
      expect({ name, healthcheck: Boolean(services[name].healthcheck) }).toEqual({ name, healthcheck: true });
    }
  });

  it('mounts files that exist, and the same config files the local stack runs', () => {
    const binds = Object.values(services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0]).filter((source) => source.startsWith('/')));
    for (const source of binds) expect({ source, exists: existsSync(source) }).toEqual({ source, exists: true });
    const stack = readFileSync(join(ROOT, 'scripts/stack/run-stack.ts'), 'utf8');
    for (const file of ['prometheus/prometheus.yml', 'alert-rules/generated/alertmanager.yml', 'exporter/config/pulse.stack.yml']) {
      expect(binds).toContain(join(ROOT, file));
      expect(stack).toContain(`'${file}'`);
    }
  });

  it('keeps 90 days of Prometheus data, as the original design did', () => {
    expect(services.prometheus.command).toContain('--storage.tsdb.retention.time=90d');
    expect(readFileSync(join(ROOT, 'scripts/stack/run-stack.ts'), 'utf8')).toContain('--storage.tsdb.retention.time=90d');
  });
});

describe('the scale profile', () => {
  it('runs VictoriaMetrics only in the profile, at the version the tests run', () => {
    expect(services().victoriametrics).toMatchObject({ profiles: ['scale'], image: 'victoriametrics/victoria-metrics:v1.79.5' });
    // Debian's build prints no version of its own; the package says which release it is.
    expect(spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'victoria-metrics'], { encoding: 'utf8' }).stdout).toMatch(/^1\.79\.5\+/);
  });

  it('points Prometheus and the forecaster at it when asked, and at Prometheus by default', () => {
    const scaled = normalisedCompose({ PULSE_PROMETHEUS_CONFIG: './prometheus/prometheus.scale.yml', PULSE_QUERY_URL: 'http://victoriametrics:8428' }).services;
    expect(scaled.prometheus.volumes).toContain(`${join(ROOT, 'prometheus/prometheus.scale.yml')}:/etc/prometheus/prometheus.yml:ro`);
    expect(scaled['pulse-forecaster'].environment?.PROMETHEUS_URL).toBe('http://victoriametrics:8428');
    expect(services()['pulse-forecaster'].environment?.PROMETHEUS_URL).toBe('http://prometheus:9090');
  });

  it('uses prometheus.yml as it is, plus remote_write to VictoriaMetrics', () => {
    const { remote_write: remoteWrite, ...rest } = parse(readFileSync(join(ROOT, 'prometheus/prometheus.scale.yml'), 'utf8'));
    expect(rest).toEqual(parse(readFileSync(join(ROOT, 'prometheus/prometheus.yml'), 'utf8')));
    expect(remoteWrite).toEqual([{ url: 'http://victoriametrics:8428/api/v1/write' }]);
  });
});

describe('prometheus/prometheus.yml', () => {
  it('passes promtool check config once pointed at the local stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-prom-'));
    const text = localize(readFileSync(join(ROOT, 'prometheus/prometheus.yml'), 'utf8'), localReplacements(DEFAULT_PORTS, { rulesDir: join(ROOT, 'alert-rules/generated'), secretsDir: dir }));
    writeFileSync(join(dir, 'prometheus.yml'), text);
    const result = runTool('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it('scrapes the exporter and the forecaster every 15 s and sends alerts to Alertmanager', () => {
    const config = parse(readFileSync(join(ROOT, 'prometheus/prometheus.yml'), 'utf8'));
    expect(config.global.scrape_interval).toBe('15s');
    const jobs = config.scrape_configs.map((j: { job_name: string }) => j.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['pulse-exporter', 'pulse-forecaster']));
    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['alertmanager:9093']);
  });
});

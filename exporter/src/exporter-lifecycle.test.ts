/**
 * pulse-exporter as an operator runs it: --config.check, reloads (SIGHUP and /-/reload) that keep
 * the running config when the new one is bad, and graceful shutdown on SIGTERM.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listen } from '../../common/http/listen';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { eventually, sample, startExporter, STARTS_EXPORTER_TIMEOUT_MS, tempDir, writeSimulatorConfig } from './testing/exporter-process';

const ROOT = join(__dirname, '../..');
const TESTDATA = join(__dirname, '../testdata/config');

function runCli(args: string[]) {
  return spawnSync(join(ROOT, 'bin/pulse-exporter'), args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PULSE_ADMIN_KEY: '' } });
}

describe('pulse-exporter --config.check', () => {
  it('exits 0 and says OK for a valid file', () => {
    const result = runCli(['--config.check', `--config.file=${join(ROOT, 'exporter/config/pulse.yml')}`]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/pulse\.yml: OK \(6 regions, vantage local\)/);
  });

  it('exits 1 and prints the problem for an invalid file', () => {
    const result = runCli(['--config.check', `--config.file=${join(TESTDATA, 'invalid-timeout-not-shorter-than-interval.yaml')}`]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('invalid-timeout-not-shorter-than-interval.yaml:20: regions[0].probe.timeout: must be shorter than interval (got 30s)');
  });

  it('exits 2 naming an unknown flag', () => {
    const result = runCli(['--config.flie=x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--config.flie'");
  });
});

/** POST /-/reload, waiting out the one-reload-per-second limit (429 with Retry-After). */
async function reloadWhenAllowed(url: string): Promise<Response> {
  for (;;) {
    const response = await fetch(`${url}/-/reload`, { method: 'POST' });
    if (response.status !== 429) return response;
    await sleep(Number(response.headers.get('retry-after')) * 1000);
  }
}

describe('reloading and stopping pulse-exporter', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 5 }, { code: 'two', latencyMs: 5 }] });
  });
  afterAll(() => simulator.close());

  const codes = async (exporter: { json<T>(p: string): Promise<T> }) => (await exporter.json<{ regions: Array<{ code: string }> }>('/api/v1/regions')).regions.map((r) => r.code);

  it('keeps serving the running config when a reload finds a bad one, and takes a good one', async () => {
    const dir = tempDir();
    const config = writeSimulatorConfig(dir, simulator.regions().slice(0, 1));
    const exporter = await startExporter(config, { args: ['--web.enable-lifecycle'] });
    try {
      expect(await codes(exporter)).toEqual(['one']);

      // SIGHUP with a broken file: same regions, the failure is visible as a metric and in the log.
      copyFileSync(join(TESTDATA, 'invalid-failover-self.yaml'), config);
      exporter.child.kill('SIGHUP');
      await eventually('failed reload', async () => (sample(await exporter.metrics(), 'pulse_config_last_reload_successful') === 0 ? true : undefined));
      expect(await codes(exporter)).toEqual(['one']);
      expect(exporter.logs()).toContain('config reload failed; keeping the running config');
      expect(exporter.logs()).toContain('regions[0].failover[0]: must not name the region itself');
      expect(sample(await exporter.metrics(), 'pulse_config_reloads_total', { result: 'failure' })).toBe(1);

      // /-/reload with a broken file answers 500 with the reason.
      writeFileSync(config, 'apiVersion: pulse/v1\nregions: [\n');
      const failed = await reloadWhenAllowed(exporter.url);
      expect(failed.status).toBe(500);
      expect(await failed.text()).toContain('pulse.yml:3: invalid YAML');

      // A good file is taken, and probing follows it.
      writeSimulatorConfig(dir, simulator.regions());
      const ok = await reloadWhenAllowed(exporter.url);
      expect(ok.status).toBe(200);
      expect(await codes(exporter)).toEqual(['one', 'two']);
      expect(sample(await exporter.metrics(), 'pulse_config_last_reload_successful')).toBe(1);
      await eventually('region two probed', async () => (sample(await exporter.metrics(), 'probe_success', { region: 'two' }) === 1 ? true : undefined));
    } finally {
      await exporter.stop();
    }
  }, STARTS_EXPORTER_TIMEOUT_MS);

  it('requires the admin key for /-/reload once one is configured', async () => {
    const config = writeSimulatorConfig(tempDir(), simulator.regions());
    const exporter = await startExporter(config, { env: { PULSE_ADMIN_KEY: 's3cret' }, args: ['--web.enable-lifecycle'] });
    try {
      expect((await fetch(`${exporter.url}/-/reload`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${exporter.url}/-/reload`, { method: 'POST', headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    } finally {
      await exporter.stop();
    }
  }, STARTS_EXPORTER_TIMEOUT_MS);

  it('pushes its self-telemetry over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const received: Array<{ path: string; type: string; body: Buffer }> = [];
    const collector = await listen(
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      },
      { host: '127.0.0.1', port: 0 },
    );
    const exporter = await startExporter(writeSimulatorConfig(tempDir(), simulator.regions()), {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_SERVICE_NAME: 'pulse-exporter-otlp-test' },
    });
    try {
      const push = await eventually('an OTLP metrics push', async () => received.find((r) => r.path === '/v1/metrics'));
      // OTLP/HTTP with the JSON encoding (the exporter-metrics-otlp-http default).
      expect(push.type).toContain('application/json');
      const text = push.body.toString('utf8');
      expect(JSON.parse(text)).toHaveProperty('resourceMetrics');
      expect(text).toContain('pulse-exporter-otlp-test');
      expect(text).toContain('nodejs.eventloop');
    } finally {
      await exporter.stop();
      await collector.close();
    }
  }, STARTS_EXPORTER_TIMEOUT_MS);

  it('shuts down cleanly on SIGTERM', async () => {
    const exporter = await startExporter(writeSimulatorConfig(tempDir(), simulator.regions()));
    expect((await exporter.get('/-/healthy')).status).toBe(200);
    expect(await exporter.stop()).toBe(0);
    expect(exporter.logs()).toContain('"msg":"stopped"');
  }, STARTS_EXPORTER_TIMEOUT_MS);
});

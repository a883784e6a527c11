import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfigText } from './load';

const TESTDATA = join(__dirname, '../../testdata/config');
const invalidFiles = readdirSync(TESTDATA).filter((name) => name.startsWith('invalid-') && name.endsWith('.yaml'));

describe('loading pulse.yml', () => {
  it('has at least 20 invalid examples under testdata', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(20);
  });

  it.each(invalidFiles)('rejects %s with the exact message naming file, line and key path', (name) => {
    const expected = readFileSync(join(TESTDATA, name.replace(/\.yaml$/, '.error')), 'utf8').trim();
    let caught: unknown;
    try {
      loadConfigFile(join(TESTDATA, name), { env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toBe(expected);
    expect((caught as Error).message.startsWith(`${name}:`)).toBe(true);
  });

  it('accepts the default config with the six regions of the original design', () => {
    const config = loadConfigFile(join(__dirname, '../../config/pulse.yml'), { env: {} });
    expect(config.regions.map((r) => [r.code, r.priority, r.capacity, r.failover.join(',')])).toEqual([
      ['us-east', 1, 10000, 'us-west,eu-west'],
      ['us-west', 2, 10000, 'us-east,asia-east'],
      ['eu-west', 1, 10000, 'eu-central,us-east'],
      ['eu-central', 2, 10000, 'eu-west,asia-south'],
      ['asia-south', 1, 10000, 'asia-east,eu-central'],
      ['asia-east', 2, 10000, 'asia-south,us-west'],
    ]);
    expect(config.regions.every((r) => r.url.startsWith('wss://') && r.active)).toBe(true);
  });

  it('applies defaults and returns a frozen config', () => {
    const config = loadConfigFile(join(TESTDATA, 'valid.yaml'), { env: {} });
    const tcp = config.regions[1];
    expect(tcp.probe).toMatchObject({ kind: 'tcp', intervalMs: 15_000, timeoutMs: 5_000 });
expect(config.selection).toEqual({ strategy: 'spread', spreadMargin: 10, loadStaleAfterMs: 60_000 });
        expect(tcp.health).toEqual({ window: 5, downAfter: 3, degradedAfter: 2, recoverAfter: 3, degradedLatencyMs: 500, degradedLoadRatio: 0.85, confirmDelayMs: 3000 });
    expect(Object.isFrozen(config.regions[0].probe)).toBe(true);
    expect(() => (config.regions as unknown[]).push({})).toThrow();
    expect(config.forecaster).toBeUndefined();
    expect(config.exports).toEqual({ prometheusUrl: undefined, queryTimeoutMs: 120_000, expireAfterMs: 7 * 86_400_000, maxFileBytes: 32 * 1024 * 1024, maxRangeMs: 90 * 86_400_000 });
  });

  it('reads the forecaster and the export settings, without a trailing slash on their URLs', () => {
    const text = `${readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8')}\nforecaster: { url: 'http://f:9471/', timeout: 2s }\nexports: { prometheus_url: 'http://p:9090/prom/', expire_after: 1d, max_range: 1d, max_file_bytes: 1024 }\n`;
    const config = parseConfigText(text, 'pulse.yml', { env: {} });
    expect(config.forecaster).toEqual({ url: 'http://f:9471', timeoutMs: 2000 });
    expect(config.exports).toMatchObject({ prometheusUrl: 'http://p:9090/prom', expireAfterMs: 86_400_000, maxRangeMs: 86_400_000, maxFileBytes: 1024 });
  });

  it('reads the SMTP password from password_file or PULSE_SMTP_PASSWORD, and names a user or password missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-smtp-'));
    writeFileSync(join(dir, 'password'), 'from-file\n');
    const withSmtp = (smtp: string) => `${readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8')}\nproject_alerts: { rules_dir: rules, prometheus_url: 'http://p:9090', smtp: { host: relay, from: pulse@example.com${smtp} } }\n`;
    const smtpOf = (smtp: string, env: NodeJS.ProcessEnv = {}) => parseConfigText(withSmtp(smtp), 'pulse.yml', { env }).projectAlerts?.smtp;
    expect(smtpOf('')).toEqual({ host: 'relay', port: 25, from: 'pulse@example.com', tls: 'starttls', password: undefined });
    expect(smtpOf(`, tls: required, user: pulse, password_file: ${join(dir, 'password')}`)).toMatchObject({ tls: 'required', user: 'pulse', password: 'from-file' });
    expect(smtpOf(`, user: pulse, password_file: ${join(dir, 'password')}`, { PULSE_SMTP_PASSWORD: 'from-env' })).toMatchObject({ password: 'from-env' });
    expect(() => smtpOf(', user: pulse')).toThrow('project_alerts.smtp.password_file: or PULSE_SMTP_PASSWORD is needed with user (got user "pulse" and no password)');
    expect(() => smtpOf('', { PULSE_SMTP_PASSWORD: 'x' })).toThrow('project_alerts.smtp.user: is needed with a password (PULSE_SMTP_PASSWORD is set)');
    expect(() => smtpOf(`, user: pulse, password_file: ${join(dir, 'none')}`)).toThrow(/project_alerts\.smtp\.password_file: cannot be read: ENOENT/);
    expect(() => smtpOf(', tls: ssl')).toThrow(/project_alerts\.smtp\.tls/);
  });

  it("takes the projects' dashboard URL for their messages, and names a value that is not a URL", () => {
    const withDashboard = (url: string) => `${readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8')}\nproject_alerts: { rules_dir: rules, prometheus_url: 'http://p:9090', dashboard_url: '${url}' }\n`;
    const dashboardOf = (url: string) => parseConfigText(withDashboard(url), 'pulse.yml', { env: {} }).projectAlerts?.dashboardUrl;
    expect(dashboardOf('https://grafana.example.com/d/pulse-usage?var-project={project}')).toBe('https://grafana.example.com/d/pulse-usage?var-project={project}');
    expect(() => dashboardOf('grafana/d/pulse-usage')).toThrow(/project_alerts\.dashboard_url: must be an http\(s\) URL/);
  });

  it('takes the vantage from PULSE_VANTAGE and the admin key from PULSE_ADMIN_KEY as a hash', () => {
    const text = readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8').replace(
      'vantages:\n',
      'vantages:\n  - name: tokyo\n    latitude: 35.68\n    longitude: 139.69\n',
    );
    const config = parseConfigText(text, 'pulse.yml', { env: { PULSE_VANTAGE: 'tokyo', PULSE_ADMIN_KEY: 'open sesame' } });
    expect(config.vantage.name).toBe('tokyo');
    expect(config.adminKeySha256).toBe(createHash('sha256').update('open sesame').digest('hex'));
  });

  it('reports every problem of a file at once, not only the first', () => {
    const text = readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8').replace('latitude: 38.95', 'latitude: 95').replace('priority: 1', 'priority: high');
    expect(() => parseConfigText(text, 'pulse.yml', { env: {} })).toThrow(
      'pulse.yml:11: regions[0].latitude: must be at most 90 (got 95)\npulse.yml:13: regions[0].priority: must be a number (got "high")',
    );
  });

  it('takes probe intervals from 100ms to 24h and timeouts from 1ms, and nothing outside', () => {
    const withProbe = (interval: string, timeout: string) =>
      readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8').replace('interval: 15s', `interval: ${interval}`).replace('timeout: 5s', `timeout: ${timeout}`);
    expect(parseConfigText(withProbe('24h', '1ms'), 'pulse.yml', { env: {} }).regions[0].probe).toMatchObject({ intervalMs: 86_400_000, timeoutMs: 1 });
    expect(parseConfigText(withProbe('100ms', '99ms'), 'pulse.yml', { env: {} }).regions[0].probe).toMatchObject({ intervalMs: 100, timeoutMs: 99 });
    expect(() => parseConfigText(withProbe('24h1ms', '5s'), 'pulse.yml', { env: {} })).toThrow('regions[0].probe.interval: must be a duration from 100ms to 24h (got "24h1ms")');
    expect(() => parseConfigText(withProbe('99ms', '50ms'), 'pulse.yml', { env: {} })).toThrow('regions[0].probe.interval: must be a duration from 100ms to 24h (got "99ms")');
    expect(() => parseConfigText(withProbe('15s', '99999999999999999999y'), 'pulse.yml', { env: {} })).toThrow('regions[0].probe.timeout: must be a duration such as 250ms, 15s or 1m');
  });

  it('takes confirm_delay as 0s or from 100ms to just under the interval, else a fifth of the interval', () => {
    const valid = readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8');
    const withDefaults = (health: string) => `${valid}defaults:\n  health:\n    ${health}\n`;
    const delays = (text: string) => parseConfigText(text, 'pulse.yml', { env: {} }).regions.map((r) => r.health.confirmDelayMs);
    // valid.yaml: us-east every 15s, eu-west on the default interval (15s).
    expect(delays(valid)).toEqual([3000, 3000]);
    expect(delays(valid.replace('interval: 15s', 'interval: 1s').replace('timeout: 5s', 'timeout: 500ms'))).toEqual([200, 3000]);
    expect(delays(withDefaults('confirm_delay: 0s'))).toEqual([0, 0]);
    expect(delays(withDefaults('confirm_delay: 100ms'))).toEqual([100, 100]);
    expect(delays(withDefaults('confirm_delay: 14999ms'))).toEqual([14_999, 14_999]);
    expect(() => delays(withDefaults('confirm_delay: 99ms'))).toThrow('defaults.health.confirm_delay: must be 0s (off) or a duration from 100ms to 24h (got "99ms")');
    expect(() => delays(withDefaults('confirm_delay: 15s'))).toThrow('defaults.health.confirm_delay: must be shorter than the probe interval of region us-east (15000ms) (got 15s)');
    const own = valid.replace('      timeout: 5s\n', '      timeout: 5s\n    health:\n      confirm_delay: 20s\n');
    expect(() => delays(own)).toThrow('regions[0].health.confirm_delay: must be shorter than the probe interval of region us-east (15000ms) (got 20s)');
  });

  it('refuses a project key that is also the admin key', () => {
    const text = `${readFileSync(join(TESTDATA, 'valid.yaml'), 'utf8')}projects:\n  - id: acme\n    key_env: ACME_KEY\n`;
    expect(() => parseConfigText(text, 'pulse.yml', { env: { ACME_KEY: 'same', PULSE_ADMIN_KEY: 'same' } })).toThrow(
      'pulse.yml:34: projects[0].key_env: is the same key as the admin key: every project, the project pattern and the admin need a key of their own',
    );
  });
});

import { parseExportFlags, type ExportCommand, type ExportOptions } from './flags';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const DAY = 86_400_000;

function parse(argv: string[], env: NodeJS.ProcessEnv = {}): ExportCommand {
  return parseExportFlags(argv, { env, nowMs: NOW });
}

function options(argv: string[], env: NodeJS.ProcessEnv = {}): ExportOptions {
  const command = parse(argv, env);
  if (command.kind !== 'export') throw new Error('expected an export command');
  return command.options;
}

describe('parseExportFlags', () => {
  it('fills every default: to now, all metrics, 1h steps, CSV on stdout, local Prometheus', () => {
    const parsed = options(['--from', 'now-7d']);
    expect(parsed).toEqual({
      fromMs: NOW - 7 * DAY,
      toMs: NOW,
      stepMs: 3_600_000,
      metrics: expect.any(Array),
      projects: [],
      regions: [],
      format: 'csv',
      out: undefined,
      prometheusUrl: 'http://127.0.0.1:9090',
    });
    expect(parsed.metrics.map((metric) => (metric.source === 'usage' ? metric.type : metric.name))).toEqual(['participant_minutes', 'egress_minutes', 'storage_bytes', 'bandwidth_bytes', 'api_requests']);
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = options([
      '--from=2026-11-01',
      '--to',
      '2026-11-08T00:00:00Z',
      '--metrics',
      'storage_bytes,participant_minutes',
      '--metrics=participant_minutes',
      '--project',
      'acme',
      '--project=ac.me',
      '--region',
      'eu-west',
      '--step',
      '1d',
      '--format',
      'json',
      '--out',
      'usage.json',
      '--prometheus.url',
      'http://prom:9090/prefix/',
    ]);
    expect(parsed).toMatchObject({
      fromMs: Date.UTC(2026, 10, 1),
      toMs: Date.UTC(2026, 10, 8),
      stepMs: DAY,
      projects: ['acme', 'ac.me'],
      regions: ['eu-west'],
      format: 'json',
      out: 'usage.json',
      prometheusUrl: 'http://prom:9090/prefix',
    });
    expect(parsed.metrics.map((metric) => metric.name)).toEqual(['pulse_usage_storage_bytes', 'pulse_usage_participant_minutes_total']);
  });

  it('takes the Prometheus URL from PROMETHEUS_URL unless the flag is given', () => {
    expect(options(['--from', 'now-1d'], { PROMETHEUS_URL: 'https://prom.example' }).prometheusUrl).toBe('https://prom.example');
    expect(options(['--from', 'now-1d', '--prometheus.url', 'http://a:1'], { PROMETHEUS_URL: 'https://prom.example' }).prometheusUrl).toBe('http://a:1');
  });

  it('treats --out - as stdout and answers --help', () => {
    expect(options(['--from', 'now-1d', '--out', '-']).out).toBeUndefined();
    expect(parse(['--help', '--bogus-is-ignored-after-help'].slice(0, 1))).toEqual({ kind: 'help' });
  });

  it('keeps a name that is not a usage type as a custom metric, in the order given, up to 100 characters', () => {
    const parsed = options(['--from', 'now-1d', '--metrics', `revenue,storage_bytes,r${'x'.repeat(99)}`]);
    expect(parsed.metrics).toEqual([{ source: 'custom', name: 'revenue' }, expect.objectContaining({ source: 'usage', type: 'storage_bytes' }), { source: 'custom', name: `r${'x'.repeat(99)}` }]);
  });

  it.each([
    [['--to', 'now'], '--from: required (RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d))'],
    [['--from', '2026-11-31'], '--from: not a calendar date (got "2026-11-31")'],
    [['--from', 'now-1d', '--to', 'tomorrow'], '--to: must be RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d) (got "tomorrow")'],
    [['--from', '2026-11-02', '--to', '2026-11-01'], '--from: must be before --to (got --from 2026-11-02, --to 2026-11-01)'],
    [['--from', 'now'], '--from: must be before --to (got --from now, --to now)'],
    [['--from', 'now-1d', '--metrics', 'CPU'], '--metrics: "CPU" is neither a usage type (participant_minutes, egress_minutes, storage_bytes, bandwidth_bytes, api_requests) nor a custom metric name (snake_case, at most 100 characters)'],
    [['--from', 'now-1d', '--metrics', `r${'x'.repeat(100)}`], `--metrics: "r${'x'.repeat(100)}" is neither a usage type (participant_minutes, egress_minutes, storage_bytes, bandwidth_bytes, api_requests) nor a custom metric name (snake_case, at most 100 characters)`],
    [['--from', 'now-1d', '--metrics', 'participant_minutes,'], '--metrics: must list metrics separated by commas (got "participant_minutes,")'],
    [['--from', 'now-1d', '--step', '1hour'], '--step: must be a duration such as 15m, 1h or 1d (got "1hour")'],
    [['--from', 'now-1d', '--step', '500ms'], '--step: must be at least 1s (got "500ms")'],
    [['--from', 'now-1d', '--step', '2d'], '--step: 2d is longer than the range from --from to --to (1d)'],
    [['--from', 'now-1d', '--format', 'xml'], '--format: must be csv or json (got "xml")'],
    [['--from', 'now-1d', '--project', ''], '--project: must not be empty'],
    [['--from', 'now-1d', '--out', ''], '--out: must not be empty'],
    [['--from', 'now-1d', '--prometheus.url', 'prom:9090'], '--prometheus.url: must be an http:// or https:// URL (got "prom:9090")'],
    [['--from', 'now-1d', '--prometheus.url', 'localhost'], '--prometheus.url: must be an http:// or https:// URL (got "localhost")'],
    [['--from', 'now-1d', '--bogus'], 'unknown flag --bogus'],
    [['--from'], '--from: needs a value'],
    [['--from', 'now-1d', 'extra'], 'unexpected argument "extra"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parse(argv)).toThrow(expect.objectContaining({ name: 'UsageError', message }));
  });

  it('names the environment variable when PROMETHEUS_URL is bad', () => {
    expect(() => parse(['--from', 'now-1d'], { PROMETHEUS_URL: 'ftp://x' })).toThrow('PROMETHEUS_URL: must be an http:// or https:// URL (got "ftp://x")');
  });
});

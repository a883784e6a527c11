import { DEFAULT_SERVER_LIMITS } from '../../common/http/listen';
import { DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE, parseExporterFlags } from './cli-flags';

describe('the web limits flags of pulse-exporter', () => {
  it('default to 512 connections, a 30 s read timeout, 120 failed answers a minute and lifecycle off', () => {
    const flags = parseExporterFlags([], {});
    expect(flags.serverLimits).toEqual(DEFAULT_SERVER_LIMITS);
    expect(DEFAULT_SERVER_LIMITS).toEqual({ maxConnections: 512, requestTimeoutMs: 30_000 });
    expect(flags.maxFailedRequestsPerMinute).toBe(DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE);
    expect(flags.enableLifecycle).toBe(false);
  });

  it('take counts from 1 to 1,000,000 and read timeouts from 100ms to 1h', () => {
    const flags = parseExporterFlags(['--web.max-connections=1', '--web.max-failed-requests-per-minute=1000000', '--web.read-timeout=100ms', '--web.enable-lifecycle'], {});
    expect(flags.serverLimits).toEqual({ maxConnections: 1, requestTimeoutMs: 100 });
    expect(flags.maxFailedRequestsPerMinute).toBe(1_000_000);
    expect(flags.enableLifecycle).toBe(true);
    expect(parseExporterFlags(['--web.read-timeout=1h'], {}).serverLimits.requestTimeoutMs).toBe(3_600_000);
  });

  it.each([
    ['--web.max-connections=0', '--web.max-connections: must be a whole number from 1 to 1000000 (got "0")'],
    ['--web.max-failed-requests-per-minute=1000001', '--web.max-failed-requests-per-minute: must be a whole number from 1 to 1000000 (got "1000001")'],
    ['--web.read-timeout=99ms', '--web.read-timeout: must be a duration from 100ms to 1h such as 30s (got "99ms")'],
    ['--web.read-timeout=1h1ms', '--web.read-timeout: must be a duration from 100ms to 1h such as 30s (got "1h1ms")'],
  ])('refuses %s', (flag, message) => {
    expect(() => parseExporterFlags([flag], {})).toThrow(message);
  });
});

/**
 * GET /api/v1/regions/:code/health served before express (probed-health-route.ts) and by the
 * express route it leaves the rest to: the same answers, over real HTTP to the app in this process.
 */
import { startExporterApp, type ExporterApp } from '../testing/exporter-app';
import { FAILURE_WINDOW_MS } from './failure-budget';
import { healthPathCode, weakEtag } from './probed-health-route';

const ADMIN_KEY = 'admin-secret';
let app: ExporterApp;

beforeAll(async () => {
  app = await startExporterApp({ env: { PULSE_ADMIN_KEY: ADMIN_KEY }, maxFailedRequestsPerMinute: 2 });
});
afterAll(() => app.close());

async function answer(path: string, init: RequestInit & { key?: string } = {}) {
  const response = await app.fetch(path, init);
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: JSON.parse(body.toString('utf8')) as Record<string, unknown> };
}

/** The fields that do not change from one answer to the next (last_check is the time of the answer). */
const steady = ({ last_check: _at, ...rest }: Record<string, unknown>) => rest;

describe('the on-demand health route', () => {
  it('takes only the plain path of one region, leaving every other spelling to express', () => {
    expect(healthPathCode('/api/v1/regions/eu-1/health')).toBe('eu-1');
    expect(healthPathCode('/api/v1/regions/eu-1/health?x=1')).toBe('eu-1');
    for (const url of ['/api/v1/regions/health', '/api/v1/regions//health', '/api/v1/regions/a/b/health', '/api/v1/regions/e%75/health', '/api/v1/regions/eu-1/health/', '/API/v1/regions/eu-1/health', 'http://x/api/v1/regions/eu-1/health']) {
      expect(healthPathCode(url)).toBeUndefined();
    }
  });

  it('answers as the express route does: status, body, Content-Type, Content-Length and ETag', async () => {
    // The admin key probes now; the two answers after it repeat that result (fresh for 5 s).
    expect((await answer('/api/v1/regions/one/health', { key: ADMIN_KEY })).status).toBe(200);
    const fast = await answer('/api/v1/regions/one/health');
    // A conditional header sends the request on to express (its ETag matches nothing, so 200).
    const routed = await answer('/api/v1/regions/one/health', { headers: { 'if-none-match': '"none"' } });
    for (const got of [fast, routed]) {
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(got.headers.get('content-length')).toBe(String(got.body.length));
      expect(got.headers.get('etag')).toBe(weakEtag(got.body));
      expect(got.json).toMatchObject({ region_code: 'one', vantage: 'local', result: expect.objectContaining({ success: false }) });
    }
    expect(steady(fast.json)).toEqual(steady(routed.json));
  });

  it('leaves unknown regions and clients past their failure budget to express: 404 and 429 as before', async () => {
    expect(await answer('/api/v1/regions/mars/health')).toMatchObject({ status: 404, json: { error: 'unknown region "mars"' } });
    // Two 401s spend this client's budget of two a minute; once more if a new minute began meanwhile.
    const minute = () => Math.floor(Date.now() / FAILURE_WINDOW_MS);
    let limited: Awaited<ReturnType<typeof answer>>;
    let began: number;
    do {
      began = minute();
      for (let i = 0; i < 2; i++) await app.fetch('/api/v1/alerts/triggers');
      limited = await answer('/api/v1/regions/one/health');
    } while (minute() !== began);
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatch(/too many rejected requests/);
  });
});

describe('the load in an on-demand answer', () => {
  it('is the stored load after the probe, whether the probe carried one or not', async () => {
    let carried: number | undefined;
    const probe = async () => ({ success: true, durationSeconds: 0.001, statusCode: 200, ...(carried !== undefined && { load: carried }) });
    const loads = await startExporterApp({ env: { PULSE_ADMIN_KEY: ADMIN_KEY }, runProbe: probe });
    try {
      const check = async () => (await (await loads.fetch('/api/v1/regions/one/health', { key: ADMIN_KEY })).json()) as { load_percentage: number };
      // Capacity 100. A probe reporting its own load: recorded first, then read.
      carried = 40;
      expect((await check()).load_percentage).toBe(40);
      // A load reported through the API takes precedence over the probe's for a while.
      expect((await loads.fetch('/api/v1/regions/one/load', { method: 'POST', key: ADMIN_KEY, headers: { 'content-type': 'application/json' }, body: '{"load":25}' })).status).toBe(200);
      expect((await check()).load_percentage).toBe(25);
      // Probes without a load of their own: the load read beside the probe's state write.
      carried = undefined;
      const together = await Promise.all(Array.from({ length: 5 }, check));
      expect(together.map((answer) => answer.load_percentage)).toEqual([25, 25, 25, 25, 25]);
    } finally {
      await loads.close();
    }
  });
});

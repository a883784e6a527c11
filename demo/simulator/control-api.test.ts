import { fetchOnce, postJson, type FetchOutcome } from './loopback-client';
import { createSimulator, type Simulator } from './simulator';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await createSimulator({
    regions: [
      { code: 'us-east', latencyMs: 5, load: 100 },
      { code: 'eu-west', latencyMs: 5 },
    ],
  });
});

afterAll(() => simulator.close());

function json(outcome: FetchOutcome): { status: number; body: Record<string, unknown> } {
  if (!outcome.answered) throw new Error(`no answer: ${outcome.code}`);
  return { status: outcome.status, body: JSON.parse(outcome.body) };
}

const control = (path: string): string => `${simulator.controlUrl}${path}`;

describe('the control API', () => {
  it('lists every region with its URLs and settings', async () => {
    const { status, body } = json(await fetchOnce(control('/regions')));
    expect(status).toBe(200);
    expect(body.regions).toEqual(simulator.regions());
    expect((body.regions as Array<{ code: string }>).map((region) => region.code)).toEqual(['us-east', 'eu-west']);
  });

  it('shows one region', async () => {
    const { status, body } = json(await fetchOnce(control('/regions/us-east')));
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: 'us-east', latencyMs: 5, load: 100, fault: { mode: 'none' } });
  });

  it('sets a fault, which the region then shows', async () => {
    const { status, body } = json(await postJson(control('/regions/eu-west/fault'), { mode: 'slow', extraMs: 20 }));
    expect(status).toBe(200);
    expect(body.fault).toEqual({ mode: 'slow', extraMs: 20 });
    expect(simulator.region('eu-west').fault).toEqual({ mode: 'slow', extraMs: 20 });

    json(await postJson(control('/regions/eu-west/fault'), { mode: 'down' }));
    expect(await fetchOnce(simulator.region('eu-west').healthUrl)).toMatchObject({ answered: false, code: 'ECONNREFUSED' });
    json(await postJson(control('/regions/eu-west/fault'), { mode: 'none' }));
    expect(await fetchOnce(simulator.region('eu-west').healthUrl)).toMatchObject({ answered: true, status: 200 });
  });

  it('sets latency and load', async () => {
    expect(json(await postJson(control('/regions/us-east/latency'), { ms: 30, jitterMs: 3 })).body).toMatchObject({
      latencyMs: 30,
      jitterMs: 3,
    });
    expect(json(await postJson(control('/regions/us-east/load'), { participants: 777 })).body).toMatchObject({ load: 777 });
    const health = json(await fetchOnce(simulator.region('us-east').healthUrl));
    expect(health.body.load).toEqual({ participants: 777 });
  });

  it.each([
    ['/regions/us-east/fault', { mode: 'sideways' }, 'mode'],
    ['/regions/us-east/fault', { mode: 'error', extraMs: 5 }, 'extraMs'],
    ['/regions/us-east/latency', { ms: -1 }, 'ms'],
    ['/regions/us-east/load', { participants: 'many' }, 'participants'],
    ['/regions/us-east/load', [1, 2], 'body'],
    ['/regions/us-east/fault', '{"mode": ', 'body'],
  ])('answers 400 to POST %s with %j, naming the field %s', async (path, body, field) => {
    const { status, body: answer } = json(await postJson(control(path), body));
    expect(status).toBe(400);
    expect(answer.field).toBe(field);
    expect(String(answer.error)).toMatch(new RegExp(`^${field}: `));
  });

  it('answers 404 naming the region for an unknown one', async () => {
    for (const outcome of [await fetchOnce(control('/regions/mars')), await postJson(control('/regions/mars/fault'), { mode: 'down' })]) {
      const { status, body } = json(outcome);
      expect(status).toBe(404);
      expect(body).toMatchObject({ field: 'region', error: expect.stringContaining('"mars"') });
    }
  });

  it('answers 404 for an unknown endpoint', async () => {
    expect(json(await fetchOnce(control('/nowhere')))).toMatchObject({ status: 404, body: { error: expect.any(String) } });
  });
});

import { DEFAULT_REGIONS } from '../simulator/default-regions';
import { usageBetween } from '../usage-model';
import { parseSpikeTarget, parseSpikeTimes, SPIKE_TIMES, spikeEvent } from './usage-spike';

const REGIONS = DEFAULT_REGIONS.map((r) => r.code);
const NOW = Date.UTC(2026, 11, 7, 14, 30);

describe('a demo usage spike', () => {
  it('adds (times − 1) hours of the usual usage, so the latest hour reads `times` its usual level', () => {
    const target = { project: 'demo-acme', region: 'eu-west', type: 'participant_minutes' } as const;
    const usual = usageBetween(target.project, target.region, target.type, NOW - 3_600_000, NOW);
    const event = spikeEvent(target, 5, NOW);
    expect(event).toMatchObject({ ...target, timestamp: new Date(NOW).toISOString() });
    expect(event.value).toBeCloseTo(4 * usual, 1);
    // Its own id: never a duplicate of a traffic window, nor of a spike sent a millisecond later.
    expect(event.id).not.toBe(spikeEvent(target, 5, NOW + 1).id);
  });

  it('takes a demo project, a region of the simulator and a counter type, and names what is wrong otherwise', () => {
    expect(parseSpikeTarget('demo-globex/asia-east/api_requests', REGIONS)).toEqual({ project: 'demo-globex', region: 'asia-east', type: 'api_requests' });
    expect(parseSpikeTarget('demo-acme/eu-west', REGIONS)).toEqual({ error: expect.stringContaining('must be project/region/type') });
    expect(parseSpikeTarget('demo-acme/eu-west/api_requests/x', REGIONS)).toEqual({ error: expect.stringContaining('must be project/region/type') });
    expect(parseSpikeTarget('acme/eu-west/api_requests', REGIONS)).toEqual({ error: expect.stringContaining('project must be one of demo-acme') });
    expect(parseSpikeTarget('demo-acme/mars/api_requests', REGIONS)).toEqual({ error: expect.stringContaining('(got "mars")') });
    expect(parseSpikeTarget('demo-acme/eu-west/storage_bytes', REGIONS)).toEqual({ error: expect.stringContaining('storage is a level') });
  });

  it(`takes --times from ${SPIKE_TIMES.min} to ${SPIKE_TIMES.max}, and nothing outside`, () => {
    expect([parseSpikeTimes('2'), parseSpikeTimes('100'), parseSpikeTimes('7.5')]).toEqual([2, 100, 7.5]);
    for (const bad of ['1.99', '100.01', 'five', '']) expect(parseSpikeTimes(bad)).toEqual({ error: `--times: must be a number from 2 to 100 (got "${bad}")` });
  });
});

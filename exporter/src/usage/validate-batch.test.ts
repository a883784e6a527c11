import { malformedCases } from './testing/malformed-batches';
import { validateBatch } from './validate-batch';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const rules = { regions: new Set(['eu-west', 'us-east']), nowMs: NOW, idempotencyWindowMs: 86_400_000 };
const event = (i: number) => ({ id: `e-${i}`, project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 1.5, timestamp: '2026-11-21T11:59:00Z' });

describe('validating a usage batch', () => {
  it('accepts a good batch, with RFC 3339 or Unix-millisecond timestamps', () => {
    const result = validateBatch({ events: [event(0), { ...event(1), timestamp: NOW - 1000, type: 'storage_bytes', value: 0 }] }, rules);
    expect(result).toEqual({
      ok: true,
      events: [
        { id: 'e-0', project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 1.5, timestampMs: NOW - 60_000 },
        { id: 'e-1', project: 'acme', region: 'eu-west', type: 'storage_bytes', value: 0, timestampMs: NOW - 1000 },
      ],
    });
  });

  it('accepts a bare array of events too', () => {
    expect(validateBatch([event(0)], rules).ok).toBe(true);
  });

  it('names every bad event and field at once', () => {
    const result = validateBatch({ events: [{ ...event(0), value: -2 }, event(1), { ...event(2), region: 'mars', type: 'beer' }] }, rules);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'events[0].value', message: 'must be a finite number from 0 to 1000000000000000 (got -2)' },
        { field: 'events[2].region', message: 'must be a configured region (eu-west, us-east) (got "mars")' },
        { field: 'events[2].type', message: 'must be one of participant_minutes, egress_minutes, storage_bytes, bandwidth_bytes, api_requests (got "beer")' },
      ],
    });
  });

  it('names an unknown field of an event, and an event that is not an object, by position', () => {
    const result = validateBatch(JSON.parse(`{"events": [${JSON.stringify(event(0))}, {"__proto__": 1, ${JSON.stringify(event(1)).slice(1)}, 7]}`), rules);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'events[1].__proto__', message: 'unknown field' },
        { field: 'events[2]', message: 'must be an object (got 7)' },
      ],
    });
  });

  it.each([
    ['hour 24', '2026-11-20T24:00:00Z', NOW],
    ['30 February', '2026-02-30T12:00:00Z', Date.parse('2026-03-02T12:00:00Z')],
    ['31 April', '2026-04-31T12:00:00+02:00', Date.parse('2026-05-01T12:00:00Z')],
  ])('rejects %s as a timestamp (Date.parse would roll it over)', (_name, timestamp, nowMs) => {
    const result = validateBatch({ events: [{ ...event(0), timestamp }] }, { ...rules, nowMs });
    expect(result).toEqual({ ok: false, problems: [{ field: 'events[0].timestamp', message: `must be an RFC 3339 time or Unix milliseconds (got "${timestamp}")` }] });
  });

  it('rejects events older than the idempotency window, which could be counted twice', () => {
    const result = validateBatch({ events: [{ ...event(0), timestamp: '2026-11-20T11:00:00Z' }] }, rules);
    expect(result.ok).toBe(false);
  });

  const parseable = malformedCases(event).filter((c) => c.status === 400 && 'field' in c.names);
  it.each(parseable.map((c) => [c.name, c] as const))('rejects %s naming the field', (_name, c) => {
    const result = validateBatch(JSON.parse(c.body), rules);
    expect(result.ok).toBe(false);
    if (!result.ok && 'field' in c.names) expect(result.problems.map((p) => p.field)).toContain(c.names.field);
  });
});

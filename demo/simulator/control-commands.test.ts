import { parseFaultCommand, parseLatencyCommand, parseLoadCommand } from './control-commands';

describe('parseFaultCommand', () => {
  it.each([
    [{ mode: 'none' }, { mode: 'none' }],
    [{ mode: 'down' }, { mode: 'down' }],
    [{ mode: 'slow' }, { mode: 'slow' }],
    [{ mode: 'slow', extraMs: 250 }, { mode: 'slow', extraMs: 250 }],
    [{ mode: 'flapping', failEvery: 3 }, { mode: 'flapping', failEvery: 3 }],
    [{ mode: 'tls' }, { mode: 'tls' }],
    [{ mode: 'loss' }, { mode: 'loss' }],
    [{ mode: 'loss', dropEvery: 10 }, { mode: 'loss', dropEvery: 10 }],
  ])('accepts %j', (body, fault) => {
    expect(parseFaultCommand(body)).toEqual({ ok: true, value: fault });
  });

  it.each([
    [null, 'body'],
    [[], 'body'],
    ['down', 'body'],
    [{}, 'mode'],
    [{ mode: 'broken' }, 'mode'],
    [{ mode: 'slow', extraMs: -1 }, 'extraMs'],
    [{ mode: 'slow', extraMs: '5' }, 'extraMs'],
    [{ mode: 'error', extraMs: 5 }, 'extraMs'],
    [{ mode: 'flapping', failEvery: 0 }, 'failEvery'],
    [{ mode: 'flapping', failEvery: 1.5 }, 'failEvery'],
    [{ mode: 'loss', dropEvery: 0 }, 'dropEvery'],
    [{ mode: 'loss', failEvery: 10 }, 'failEvery'],
    [{ mode: 'flapping', dropEvery: 10 }, 'dropEvery'],
    [{ mode: 'down', reason: 'x' }, 'reason'],
  ])('rejects %j naming %s', (body, field) => {
    const parsed = parseFaultCommand(body);
    expect(parsed).toMatchObject({ ok: false, field });
    expect(parsed.ok || parsed.error.startsWith(`${field}: `)).toBe(true);
  });
});

describe('parseLatencyCommand', () => {
  it('reads ms and makes the delay exact when jitterMs is left out', () => {
    expect(parseLatencyCommand({ ms: 120 })).toEqual({ ok: true, value: { ms: 120, jitterMs: 0 } });
    expect(parseLatencyCommand({ ms: 120, jitterMs: 12 })).toEqual({ ok: true, value: { ms: 120, jitterMs: 12 } });
  });

  it.each([
    [{}, 'ms'],
    [{ ms: -5 }, 'ms'],
    [{ ms: Number.NaN }, 'ms'],
    [{ ms: 10, jitterMs: 'a' }, 'jitterMs'],
    [{ ms: 10, jitter: 1 }, 'jitter'],
  ])('rejects %j naming %s', (body, field) => {
    expect(parseLatencyCommand(body)).toMatchObject({ ok: false, field });
  });
});

describe('parseLoadCommand', () => {
  it('reads whole, non-negative participants', () => {
    expect(parseLoadCommand({ participants: 4200 })).toEqual({ ok: true, value: { participants: 4200 } });
    expect(parseLoadCommand({ participants: -1 })).toMatchObject({ ok: false, field: 'participants' });
    expect(parseLoadCommand({ participants: 2.5 })).toMatchObject({ ok: false, field: 'participants' });
    expect(parseLoadCommand({})).toMatchObject({ ok: false, field: 'participants' });
  });
});

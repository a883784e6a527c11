import { boundedSender } from './bounded-sender';

describe('a bounded sender', () => {
  it('queues up to its bound, then overflows once and sends nothing more, however much is offered', () => {
    const pending: Array<() => void> = [];
    let overflows = 0;
    const sender = boundedSender((_frame, _meta, done) => void pending.push(done), 3, () => overflows++);
    const sent = Array.from({ length: 10_000 }, (_, i) => sender.send(`m${i}`, { type: 'test' }));
    expect(sent.filter(Boolean)).toHaveLength(3);
    expect(pending).toHaveLength(3);
    expect(overflows).toBe(1);
    // Once overflowed it stays closed, even after the socket catches up.
    for (const done of pending) done();
    expect(sender.queued()).toBe(0);
    expect(sender.send('late', { type: 'test' })).toBe(false);
  });

  it('takes a new message for each one the socket has taken, and tells the caller when it was written', () => {
    const pending: Array<() => void> = [];
    const written: string[] = [];
    const sender = boundedSender((_frame, _meta, done) => void pending.push(done), 2, () => {
      throw new Error('must not overflow');
    });
    for (let i = 0; i < 100; i++) {
      expect(sender.send(`m${i}`, { type: 'test' }, () => written.push(`m${i}`))).toBe(true);
      expect(sender.queued()).toBe(1);
      pending.shift()!();
    }
    expect(written).toHaveLength(100);
  });
});

import { boundedSender } from './bounded-sender';
import { outgoingFrame } from './wire';

const frame = (text: string) => outgoingFrame(text, { type: 'test' });

describe('a bounded sender', () => {
  it('queues up to its bound, then overflows once and sends nothing more, however much is offered', () => {
    const pending: Array<() => void> = [];
    let overflows = 0;
    const sender = boundedSender((_frame, done) => void pending.push(done), 3, () => overflows++);
    const sent = Array.from({ length: 10_000 }, (_, i) => sender.send(frame(`m${i}`)));
    expect(sent.filter(Boolean)).toHaveLength(3);
    expect(pending).toHaveLength(3);
    expect(overflows).toBe(1);
    // Once overflowed it stays closed, even after the socket catches up.
    for (const done of pending) done();
    expect(sender.queued()).toBe(0);
    expect(sender.send(frame('late'))).toBe(false);
  });

  it('takes a new message for each one the socket has taken, in the order offered', () => {
    const pending: Array<() => void> = [];
    const written: string[] = [];
    const sender = boundedSender(
      (sent, done) => {
        written.push(sent.text);
        pending.push(done);
      },
      2,
      () => {
        throw new Error('must not overflow');
      },
    );
    for (let i = 0; i < 100; i++) {
      expect(sender.send(frame(`m${i}`))).toBe(true);
      expect(sender.queued()).toBe(1);
      pending.shift()!();
    }
    expect(written).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
  });
});

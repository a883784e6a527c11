/**
 * A connection's send queue, bounded: a write is counted until its socket has taken it; a peer
 * that lets more than `limit` writes pile up is a slow consumer and is closed, so a stalled
 * client costs at most `limit` messages of memory, never more.
 */
import type { OutgoingFrame } from './wire';

export interface BoundedSender {
  /** False once the connection is closed or closing (the frame was not sent). */
  send(frame: OutgoingFrame): boolean;
  queued(): number;
}

export function boundedSender(write: (frame: OutgoingFrame, done: () => void) => void, limit: number, onOverflow: () => void): BoundedSender {
  let queued = 0;
  let overflowed = false;
  // One callback for every write of the connection: a fan-out makes no closure per connection.
  const taken = (): void => {
    queued--;
  };
  return {
    send(frame) {
      if (overflowed) return false;
      if (queued >= limit) {
        overflowed = true;
        onOverflow();
        return false;
      }
      queued++;
      write(frame, taken);
      return true;
    },
    queued: () => queued,
  };
}

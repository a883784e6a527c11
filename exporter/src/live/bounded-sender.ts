/**
 * A connection's send queue, bounded: a write is counted until its socket has taken it; a peer
 * that lets more than `limit` writes pile up is a slow consumer and is closed, so a stalled
 * client costs at most `limit` messages of memory, never more.
 */
/** What a transport needs besides the JSON frame (SSE writes them as its `event:` and `id:` lines). */
export interface FrameMeta {
  readonly type: string;
  readonly id?: string;
}

export interface BoundedSender {
  /** False once the connection is closed or closing (the frame was not sent). */
  send(frame: string, meta: FrameMeta, written?: () => void): boolean;
  queued(): number;
}

export function boundedSender(
  write: (frame: string, meta: FrameMeta, done: () => void) => void,
  limit: number,
  onOverflow: () => void,
): BoundedSender {
  let queued = 0;
  let overflowed = false;
  return {
    send(frame, meta, written) {
      if (overflowed) return false;
      if (queued >= limit) {
        overflowed = true;
        onOverflow();
        return false;
      }
      queued++;
      write(frame, meta, () => {
        queued--;
        written?.();
      });
      return true;
    },
    queued: () => queued,
  };
}

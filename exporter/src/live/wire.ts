/**
 * A server message made ready for the wire once, however many connections it goes to: its JSON
 * text, and, built on first use and then kept, its bytes as one WebSocket text frame and as one
 * SSE event. A fan-out to 10,000 connections thus writes one Buffer 10,000 times instead of
 * encoding the string and framing it for each connection (bench/README.md, "Live").
 */

/** What a transport needs besides the JSON text (SSE writes them as its `event:` and `id:` lines). */
export interface FrameMeta {
  readonly type: string;
  readonly id?: string;
}

export interface OutgoingFrame {
  readonly text: string;
  readonly meta: FrameMeta;
  /** The whole WebSocket frame (header and payload), made once. */
  websocket(): Buffer;
  /** The whole SSE event, made once. */
  sse(): Buffer;
}

export function outgoingFrame(text: string, meta: FrameMeta): OutgoingFrame {
  let websocket: Buffer | undefined;
  let sse: Buffer | undefined;
  return {
    text,
    meta,
    websocket: () => (websocket ??= websocketTextFrame(Buffer.from(text))),
    sse: () => (sse ??= Buffer.from(sseChunk(text, meta))),
  };
}

/** One SSE event: `id:` only on events that can be resumed from. */
export function sseChunk(text: string, meta: FrameMeta): string {
  return `${meta.id === undefined ? '' : `id: ${meta.id}\n`}event: ${meta.type}\ndata: ${text}\n\n`;
}

/** The largest payload a 16-bit extended length carries; past it the length takes 64 bits. */
const LENGTH_16_MAX = 0xffff;
/** Payloads up to this fit the 7-bit length of the first header byte pair. */
const LENGTH_7_MAX = 125;
/** FIN set (the whole message in one frame), opcode 1 (text). */
const FIN_TEXT = 0x81;

/**
 * A single unfragmented, unmasked text frame (RFC 6455 §5.2: a server never masks), which is what
 * `ws` writes for `send(text)` with compression off (the stream's server turns it off).
 */
export function websocketTextFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length <= LENGTH_7_MAX ? 2 : length <= LENGTH_16_MAX ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_TEXT;
  if (headerLength === 2) frame[1] = length;
  else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

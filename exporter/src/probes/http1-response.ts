/**
 * Reads one HTTP/1.1 response from the bytes of a connection, as they arrive: status line,
 * headers, then the body framed by Transfer-Encoding: chunked, Content-Length or the end of the
 * connection (RFC 9112 §6.3). Informational (1xx) responses are passed over. Pure: no sockets, so
 * every framing is tested with chunks cut anywhere.
 */
import { parseHead, type ResponseHead } from './http1-head';

export type ResponseRead =
  | { readonly state: 'partial' }
  | { readonly state: 'complete'; readonly statusCode: number; readonly body: Buffer }
  | { readonly state: 'invalid'; readonly message: string };

export interface ResponseReader {
  /** Feeds bytes; says whether the response is complete, broken, or needs more. */
  push(chunk: Buffer): ResponseRead;
  /** The connection ended: completes a body framed by the connection's end; anything else is cut short. */
  end(): ResponseRead;
  /** The status code once the head has been read; 0 before. */
  readonly statusCode: number;
}

export interface ResponseReaderOptions {
  /** A HEAD request's response has no body, whatever its headers say. */
  readonly head: boolean;
  readonly maxBodyBytes: number;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
/** Longer heads than this are not a health endpoint's. */
const MAX_HEAD_BYTES = 64 * 1024;

const partial: ResponseRead = { state: 'partial' };
const invalid = (message: string): ResponseRead => ({ state: 'invalid', message });

type Framing = { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' } | { readonly kind: 'close' };
const NO_BODY: Framing = { kind: 'none' };
const CHUNKED: Framing = { kind: 'chunked' };
const UNTIL_CLOSE: Framing = { kind: 'close' };
const DIGITS = /^\d+$/;

/** How the body ends, from the head's headers, or why it cannot be told. */
function framingOf({ statusCode, transferEncoding, contentLength }: ResponseHead, head: boolean): Framing | string {
  if (head || statusCode === 204 || statusCode === 304) return NO_BODY;
  const encoding = transferEncoding;
  if (encoding) {
    const codings = encoding.join(',').split(',').map((coding) => coding.trim().toLowerCase());
    return codings[codings.length - 1] === 'chunked' ? CHUNKED : UNTIL_CLOSE;
  }
  const lengths = contentLength;
  // The usual case, one plain number, without the splitting below.
  if (lengths?.length === 1 && DIGITS.test(lengths[0]!)) return { kind: 'length', length: Number(lengths[0]) };
  if (lengths) {
    const values = new Set(lengths.join(',').split(',').map((value) => value.trim()));
    const [only] = values;
    if (values.size !== 1 || !DIGITS.test(only)) return `invalid Content-Length ${JSON.stringify(lengths.join(', '))}`;
    return { kind: 'length', length: Number(only) };
  }
  return UNTIL_CLOSE;
}

export function createResponseReader(options: ResponseReaderOptions): ResponseReader {
  let buffered: Buffer = Buffer.alloc(0);
  let statusCode = 0;
  let framing: Framing | undefined;
  const body: Buffer[] = [];
  let bodyBytes = 0;
  /** Chunked: bytes of the current chunk still to read, or undefined when a size line is next. */
  let chunkLeft: number | undefined;
  let trailers = false;
  let done: ResponseRead | undefined;

  const complete = (): ResponseRead => (done = { state: 'complete', statusCode, body: Buffer.concat(body, bodyBytes) });
  const fail = (message: string): ResponseRead => (done = invalid(message));
  const keep = (bytes: Buffer): string | undefined => {
    bodyBytes += bytes.length;
    if (bodyBytes > options.maxBodyBytes) return `body larger than ${options.maxBodyBytes} bytes`;
    body.push(bytes);
    return undefined;
  };

  /** Reads the head; false while it is incomplete. */
  function readHead(): ResponseRead | undefined {
    for (;;) {
      const end = buffered.indexOf(HEAD_END);
      if (end === -1) return buffered.length > MAX_HEAD_BYTES ? fail('response head too long') : partial;
      const text = buffered.toString('latin1', 0, end);
      buffered = buffered.subarray(end + HEAD_END.length);
      const parsed = parseHead(text);
      if (typeof parsed === 'string') return fail(parsed);
      const code = parsed.statusCode;
      if (code >= 100 && code < 200 && code !== 101) continue; // 100 Continue, 103 Early Hints: the real response follows
      statusCode = code;
      const framed = framingOf(parsed, options.head);
      if (typeof framed === 'string') return fail(framed);
      framing = framed;
      return undefined;
    }
  }

  /** Reads chunked body bytes from `buffered`. */
  function readChunks(): ResponseRead {
    for (;;) {
      if (trailers) {
        // Trailer fields end with an empty line.
        const end = buffered.indexOf(CRLF);
        if (end === -1) return partial;
        const line = buffered.subarray(0, end);
        buffered = buffered.subarray(end + CRLF.length);
        if (line.length === 0) return complete();
        continue;
      }
      if (chunkLeft === undefined) {
        const end = buffered.indexOf(CRLF);
        if (end === -1) return buffered.length > 1024 ? fail('chunk size line too long') : partial;
        const sizeText = buffered.subarray(0, end).toString('latin1').split(';')[0].trim();
        buffered = buffered.subarray(end + CRLF.length);
        if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return fail(`invalid chunk size ${JSON.stringify(sizeText.slice(0, 20))}`);
        const size = parseInt(sizeText, 16);
        if (size === 0) {
          trailers = true;
          continue;
        }
        chunkLeft = size;
      }
      if (chunkLeft > 0) {
        if (buffered.length === 0) return partial;
        const take = buffered.subarray(0, Math.min(chunkLeft, buffered.length));
        buffered = buffered.subarray(take.length);
        chunkLeft -= take.length;
        const tooBig = keep(take);
        if (tooBig) return fail(tooBig);
        if (chunkLeft > 0) return partial;
      }
      // The chunk's data is followed by CRLF.
      if (buffered.length < CRLF.length) return partial;
      if (!buffered.subarray(0, CRLF.length).equals(CRLF)) return fail('chunk data not followed by CRLF');
      buffered = buffered.subarray(CRLF.length);
      chunkLeft = undefined;
    }
  }

  function advance(): ResponseRead {
    if (!framing) {
      const head = readHead();
      if (head) return head;
    }
    const framed = framing!;
    switch (framed.kind) {
      case 'none':
        return complete();
      case 'length': {
        const take = buffered.subarray(0, framed.length - bodyBytes);
        buffered = buffered.subarray(take.length);
        if (take.length > 0) {
          const tooBig = keep(take);
          if (tooBig) return fail(tooBig);
        }
        return bodyBytes === framed.length ? complete() : partial;
      }
      case 'chunked':
        return readChunks();
      case 'close': {
        const tooBig = buffered.length > 0 ? keep(buffered) : undefined;
        buffered = Buffer.alloc(0);
        return tooBig ? fail(tooBig) : partial;
      }
    }
  }

  return {
    push(chunk) {
      if (done) return done;
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      return advance();
    },
    end() {
      if (done) return done;
      if (framing?.kind === 'close') return complete();
      return fail(framing ? 'connection closed before the body ended' : 'connection closed before a response');
    },
    get statusCode() {
      return statusCode;
    },
  };
}

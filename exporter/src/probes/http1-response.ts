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
/** Nothing buffered; shared, never written to. */
const EMPTY = Buffer.alloc(0);
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

/** A class, not closures: a probe makes one reader, and its state is one object instead of a dozen functions and their context. */
class Http1ResponseReader implements ResponseReader {
  private buffered: Buffer = EMPTY;
  statusCode = 0;
  private framing: Framing | undefined;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;
  /** Chunked: bytes of the current chunk still to read, or undefined when a size line is next. */
  private chunkLeft: number | undefined;
  private trailers = false;
  private done: ResponseRead | undefined;

  constructor(private readonly options: ResponseReaderOptions) {}

  push(chunk: Buffer): ResponseRead {
    if (this.done) return this.done;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    return this.advance();
  }

  end(): ResponseRead {
    if (this.done) return this.done;
    if (this.framing?.kind === 'close') return this.complete();
    return this.fail(this.framing ? 'connection closed before the body ended' : 'connection closed before a response');
  }

  private complete(): ResponseRead {
    return (this.done = { state: 'complete', statusCode: this.statusCode, body: Buffer.concat(this.body, this.bodyBytes) });
  }

  private fail(message: string): ResponseRead {
    return (this.done = invalid(message));
  }

  private keep(bytes: Buffer): string | undefined {
    this.bodyBytes += bytes.length;
    if (this.bodyBytes > this.options.maxBodyBytes) return `body larger than ${this.options.maxBodyBytes} bytes`;
    this.body.push(bytes);
    return undefined;
  }

  /** Reads the head; undefined once it is read, a result while it is incomplete or broken. */
  private readHead(): ResponseRead | undefined {
    for (;;) {
      const end = this.buffered.indexOf(HEAD_END);
      if (end === -1) return this.buffered.length > MAX_HEAD_BYTES ? this.fail('response head too long') : partial;
      const text = this.buffered.toString('latin1', 0, end);
      this.buffered = this.buffered.subarray(end + HEAD_END.length);
      const parsed = parseHead(text);
      if (typeof parsed === 'string') return this.fail(parsed);
      const code = parsed.statusCode;
      if (code >= 100 && code < 200 && code !== 101) continue; // 100 Continue, 103 Early Hints: the real response follows
      this.statusCode = code;
      const framed = framingOf(parsed, this.options.head);
      if (typeof framed === 'string') return this.fail(framed);
      this.framing = framed;
      return undefined;
    }
  }

  /** Reads chunked body bytes from `buffered`. */
  private readChunks(): ResponseRead {
    for (;;) {
      if (this.trailers) {
        // Trailer fields end with an empty line.
        const end = this.buffered.indexOf(CRLF);
        if (end === -1) return partial;
        const line = this.buffered.subarray(0, end);
        this.buffered = this.buffered.subarray(end + CRLF.length);
        if (line.length === 0) return this.complete();
        continue;
      }
      if (this.chunkLeft === undefined) {
        const end = this.buffered.indexOf(CRLF);
        if (end === -1) return this.buffered.length > 1024 ? this.fail('chunk size line too long') : partial;
        const sizeText = this.buffered.subarray(0, end).toString('latin1').split(';')[0].trim();
        this.buffered = this.buffered.subarray(end + CRLF.length);
        if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return this.fail(`invalid chunk size ${JSON.stringify(sizeText.slice(0, 20))}`);
        const size = parseInt(sizeText, 16);
        if (size === 0) {
          this.trailers = true;
          continue;
        }
        this.chunkLeft = size;
      }
      if (this.chunkLeft > 0) {
        if (this.buffered.length === 0) return partial;
        const take = this.buffered.subarray(0, Math.min(this.chunkLeft, this.buffered.length));
        this.buffered = this.buffered.subarray(take.length);
        this.chunkLeft -= take.length;
        const tooBig = this.keep(take);
        if (tooBig) return this.fail(tooBig);
        if (this.chunkLeft > 0) return partial;
      }
      // The chunk's data is followed by CRLF.
      if (this.buffered.length < CRLF.length) return partial;
      if (!this.buffered.subarray(0, CRLF.length).equals(CRLF)) return this.fail('chunk data not followed by CRLF');
      this.buffered = this.buffered.subarray(CRLF.length);
      this.chunkLeft = undefined;
    }
  }

  private advance(): ResponseRead {
    if (!this.framing) {
      const head = this.readHead();
      if (head) return head;
    }
    const framed = this.framing!;
    switch (framed.kind) {
      case 'none':
        return this.complete();
      case 'length': {
        const take = this.buffered.subarray(0, framed.length - this.bodyBytes);
        this.buffered = this.buffered.subarray(take.length);
        if (take.length > 0) {
          const tooBig = this.keep(take);
          if (tooBig) return this.fail(tooBig);
        }
        return this.bodyBytes === framed.length ? this.complete() : partial;
      }
      case 'chunked':
        return this.readChunks();
      case 'close': {
        const tooBig = this.buffered.length > 0 ? this.keep(this.buffered) : undefined;
        this.buffered = EMPTY;
        return tooBig ? this.fail(tooBig) : partial;
      }
    }
  }
}

export function createResponseReader(options: ResponseReaderOptions): ResponseReader {
  return new Http1ResponseReader(options);
}

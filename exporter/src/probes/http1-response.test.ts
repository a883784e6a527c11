import { createResponseReader, type ResponseRead } from './http1-response';

/** Feeds `text` cut into pieces of `size` bytes; the last read, then end() if still partial and asked. */
function read(text: string, size: number, options: { head?: boolean; maxBodyBytes?: number; end?: boolean } = {}): ResponseRead {
  const reader = createResponseReader({ head: options.head ?? false, maxBodyBytes: options.maxBodyBytes ?? 1024 });
  const bytes = Buffer.from(text, 'latin1');
  let last: ResponseRead = { state: 'partial' };
  for (let at = 0; at < bytes.length && last.state === 'partial'; at += size) last = reader.push(bytes.subarray(at, at + size));
  return last.state === 'partial' && options.end ? reader.end() : last;
}

const bodyOf = (result: ResponseRead): string | undefined => (result.state === 'complete' ? result.body.toString('utf8') : undefined);

describe('reading an HTTP/1.1 response', () => {
  const sizes = [1, 2, 3, 7, 1000];

  it.each(sizes)('reads a Content-Length body, however the bytes are cut (pieces of %d)', (size) => {
    const result = read('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}', size);
    expect(result).toMatchObject({ state: 'complete', statusCode: 200 });
    expect(bodyOf(result)).toBe('{"ok":true}');
  });

  it.each(sizes)('decodes a chunked body with extensions and trailers (pieces of %d)', (size) => {
    const result = read('HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n', size);
    expect(result).toMatchObject({ state: 'complete', statusCode: 503 });
    expect(bodyOf(result)).toBe('Wikipedia in \r\n\r\nchunks.');
  });

  it.each(sizes)('reads a body that ends with the connection when no length is given (pieces of %d)', (size) => {
    expect(read('HTTP/1.0 200 OK\r\n\r\nplain words', size)).toEqual({ state: 'partial' });
    expect(bodyOf(read('HTTP/1.0 200 OK\r\n\r\nplain words', size, { end: true }))).toBe('plain words');
  });

  it('expects no body after HEAD, 204 or 304, whatever the headers say', () => {
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n', 5, { head: true })).toMatchObject({ state: 'complete', statusCode: 200 });
    expect(read('HTTP/1.1 204 No Content\r\n\r\n', 5)).toMatchObject({ state: 'complete', statusCode: 204 });
    expect(read('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n', 5)).toMatchObject({ state: 'complete', statusCode: 304 });
  });

  it('passes over informational responses to the real one', () => {
    const result = read('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 4);
    expect(result).toMatchObject({ state: 'complete', statusCode: 200 });
    expect(bodyOf(result)).toBe('ok');
  });

  it('refuses a body past the limit, as soon as it passes it', () => {
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789', 100, { maxBodyBytes: 10 })).toEqual({ state: 'invalid', message: 'body larger than 10 bytes' });
    expect(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n01234567890123456789\r\n0\r\n\r\n', 100, { maxBodyBytes: 10 })).toMatchObject({ state: 'invalid' });
  });

  it('says what is wrong with a response that is not HTTP/1.x or is badly framed', () => {
    expect(read('SSH-2.0-OpenSSH_9.2\r\n\r\n', 100)).toMatchObject({ state: 'invalid', message: expect.stringMatching(/status line/) });
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello', 100)).toMatchObject({ state: 'invalid', message: expect.stringMatching(/Content-Length/) });
    expect(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 100)).toMatchObject({ state: 'invalid', message: expect.stringMatching(/chunk size/) });
    expect(read('HTTP/1.1 200 OK\r\nbad header\r\n\r\n', 100)).toMatchObject({ state: 'invalid', message: expect.stringMatching(/header/) });
  });

  it('calls a connection that ends before the head or the body is complete cut short', () => {
    expect(read('HTTP/1.1 200 OK\r\nContent-Len', 100, { end: true })).toEqual({ state: 'invalid', message: 'connection closed before a response' });
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf', 100, { end: true })).toEqual({ state: 'invalid', message: 'connection closed before the body ended' });
  });
});

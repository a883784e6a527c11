import { parseHead } from './http1-head';

describe('parsing a response head', () => {
  it('reads the status code and every value of the framing headers, whatever their case', () => {
    expect(parseHead('HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nCONTENT-length:  5 \r\ncontent-Length: 5\r\nTransfer-Encoding: gzip\r\ntransfer-encoding: chunked')).toEqual({
      statusCode: 503,
      contentLength: ['5', '5'],
      transferEncoding: ['gzip', 'chunked'],
    });
  });

  it('reads a head of a status line alone, with or without a reason phrase', () => {
    expect(parseHead('HTTP/1.0 200 OK')).toEqual({ statusCode: 200 });
    expect(parseHead('HTTP/1.1 204')).toEqual({ statusCode: 204 });
  });

  it('leaves other headers uncut, even ones as long as a framing header', () => {
    expect(parseHead('HTTP/1.1 200 OK\r\nX-Content-Lengt: 9\r\nX-Transfer-Encodi: x\r\nContent-Lengths: 3')).toEqual({ statusCode: 200 });
  });

  it('names the line that is wrong: no status line, a header without a colon, a space in a name', () => {
    expect(parseHead('HTTP/2 200\r\nA: b')).toBe('not an HTTP/1.x status line: "HTTP/2 200"');
    expect(parseHead('HTTP/1.1 200 OK\r\nA: b\r\nno colon here\r\nC: d')).toBe('malformed header line "no colon here"');
    expect(parseHead('HTTP/1.1 200 OK\r\n: empty name')).toBe('malformed header line ": empty name"');
    expect(parseHead('HTTP/1.1 200 OK\r\nContent Length: 3')).toBe('malformed header line "Content Length: 3"');
    expect(parseHead('HTTP/1.1 200 OK\r\nName\t: tab')).toBe('malformed header line "Name\\t: tab"');
    expect(parseHead('HTTP/1.1 200 OK\r\nA: b\r\nlast line without colon')).toBe('malformed header line "last line without colon"');
  });
});

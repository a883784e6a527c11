import { describeError, failureFromError, reasonForError } from './failure';

const withCode = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });

describe('reasonForError', () => {
  it.each([
    ['ENOTFOUND', 'dns_error'],
    ['EAI_AGAIN', 'dns_error'],
    ['ECONNREFUSED', 'connect_error'],
    ['ECONNRESET', 'connect_error'],
    ['EHOSTUNREACH', 'connect_error'],
    ['CERT_HAS_EXPIRED', 'tls_error'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_error'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_error'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_error'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_error'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_error'],
    ['HPE_INVALID_CONSTANT', 'protocol_error'],
    ['ERR_INVALID_URL', 'protocol_error'],
  ])('maps %s to %s', (code, reason) => {
    expect(reasonForError(withCode(code))).toBe(reason);
  });

  it('looks inside an AggregateError, as Happy Eyeballs reports several failed addresses', () => {
    expect(reasonForError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe('connect_error');
  });

  it('looks at the cause of a wrapped error', () => {
    expect(reasonForError(new Error('probe', { cause: withCode('ENOTFOUND') }))).toBe('dns_error');
  });

  it('calls anything without a code a protocol_error', () => {
    expect(reasonForError(new Error('Invalid Sec-WebSocket-Accept header'))).toBe('protocol_error');
    expect(reasonForError('a string')).toBe('protocol_error');
    expect(reasonForError(undefined)).toBe('protocol_error');
  });
});

describe('describeError', () => {
  it('puts the code before a message that does not already name it', () => {
    expect(describeError(withCode('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe('CERT_HAS_EXPIRED: certificate has expired');
    expect(describeError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });

  it('prints what was thrown when it is not an error', () => {
    expect(describeError(42)).toBe('42');
    expect(describeError(null)).toBe('null');
  });
});

describe('failureFromError', () => {
  it('makes a failed outcome with reason and message', () => {
    expect(failureFromError(withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND x.invalid'))).toEqual({
      success: false,
      reason: 'dns_error',
      message: 'getaddrinfo ENOTFOUND x.invalid',
    });
  });
});

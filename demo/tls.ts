import { generate } from 'selfsigned';

export interface TestCertificate {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate; self-signed, so it is also the CA a client must trust. */
  readonly cert: string;
  readonly notAfter: Date;
}

const DAY_MS = 86_400_000;

/**
 * A self-signed certificate for 127.0.0.1, ::1 and localhost, made at start-up so no key is ever
 * committed. `expired` makes one whose validity ended yesterday (the simulator's TLS fault).
 */
export async function createLoopbackCertificate(options: { expired?: boolean; validDays?: number } = {}): Promise<TestCertificate> {
  const now = Date.now();
  const notBefore = new Date(options.expired ? now - 30 * DAY_MS : now - DAY_MS);
  const notAfter = new Date(options.expired ? now - DAY_MS : now + (options.validDays ?? 30) * DAY_MS);
  const result = await generate([{ name: 'commonName', value: 'pulse-simulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: result.private, cert: result.cert, notAfter };
}

/**
 * Test harness: a real SMTP server (the `smtp-server` package) on a free loopback port, keeping
 * every message it receives. Not a test itself.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly data: string;
}

export interface SmtpServerHandle {
  readonly port: number;
  messages(): ReceivedMail[];
  stop(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpServerHandle> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages: () => [...received],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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

/** With `login`, the server requires AUTH with that user and password (over plain text, on loopback). */
export async function startSmtpServer(login?: { user: string; password: string }): Promise<SmtpServerHandle> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: !login,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.password) callback(null, { user: auth.username });
      else callback(new Error('bad user or password'));
    },
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

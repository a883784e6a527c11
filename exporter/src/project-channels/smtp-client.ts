/**
 * A minimal SMTP client over node:net (no package for it is installed): plain SMTP to a relay,
 * EHLO, MAIL FROM, RCPT TO, DATA, QUIT, with a deadline on the whole exchange. No TLS or AUTH:
 * point it at a local relay that forwards.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';

export interface Mail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const TIMEOUT_MS = 10_000;

/** Header text without line breaks, RFC 2047-encoded when it is not ASCII. */
function headerValue(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat).toString('base64')}?=`;
}

export function formatMail(mail: Mail, date = new Date()): string {
  const headers = {
    From: mail.from,
    To: mail.to.join(', '),
    Subject: mail.subject,
    Date: date.toUTCString(),
    'Message-ID': `<${randomBytes(12).toString('hex')}@pulse>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...mail.headers,
  };
  // Dot-stuffing: a body line starting with "." gets another, so it cannot end the DATA.
  const body = mail.text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
  return `${Object.entries(headers).map(([k, v]) => `${k}: ${headerValue(v)}`).join('\r\n')}\r\n\r\n${body}\r\n.\r\n`;
}

export function sendMail(server: { host: string; port: number }, mail: Mail): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: server.host, port: server.port });
    socket.setEncoding('utf8');
    socket.setTimeout(TIMEOUT_MS, () => fail(new Error(`SMTP ${server.host}:${server.port}: no answer within ${TIMEOUT_MS / 1000} s`)));
    const steps: Array<{ send?: string; expect: number }> = [
      { expect: 220 },
      { send: 'EHLO pulse-exporter', expect: 250 },
      { send: `MAIL FROM:<${mail.from}>`, expect: 250 },
      ...mail.to.map((to) => ({ send: `RCPT TO:<${to}>`, expect: 250 })),
      { send: 'DATA', expect: 354 },
      { send: formatMail(mail).slice(0, -2), expect: 250 },
      { send: 'QUIT', expect: 221 },
    ];
    let buffer = '';
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      reject(error);
    };
    socket.on('error', (error) => fail(new Error(`SMTP ${server.host}:${server.port}: ${error.message}`, { cause: error })));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply is complete at a line "NNN text" (continuation lines are "NNN-text").
      const end = /(^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buffer);
      if (!end) return;
      const code = Number(end[2]);
      const reply = buffer.trim();
      buffer = '';
      const step = steps.shift()!;
      if (code !== step.expect) return fail(new Error(`SMTP ${server.host}:${server.port}: expected ${step.expect}, got: ${reply.slice(0, 200)}`));
      const next = steps[0];
      if (!next) {
        done = true;
        socket.end();
        resolve();
        return;
      }
      socket.write(`${next.send}\r\n`);
    });
  });
}

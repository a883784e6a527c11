/**
 * The email channel's SMTP transport (nodemailer): STARTTLS when the relay offers it (or required,
 * or TLS from the first byte, or never, as configured), AUTH when a user is configured.
 */
import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../config/model';

const TIMEOUT_MS = 10_000;

export interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Mailer = (mail: Mail) => Promise<void>;

export function createMailer(smtp: SmtpSettings): Mailer {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    requireTLS: smtp.tls === 'required',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user === undefined ? undefined : { user: smtp.user, pass: smtp.password },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  return async (mail) => {
    await transport.sendMail({ from: smtp.from, to: [...mail.to], subject: mail.subject, text: mail.text, headers: { ...mail.headers } });
  };
}

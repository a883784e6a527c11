import type { SmtpSettings } from '../config/model';
import { createMailer } from './mailer';
import { startSmtpServer, type SmtpServerHandle } from './testing/smtp-server';

let servers: SmtpServerHandle[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

async function server(login?: { user: string; password: string }): Promise<SmtpServerHandle> {
  const started = await startSmtpServer(login);
  servers.push(started);
  return started;
}

const settings = (port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings => ({ host: '127.0.0.1', port, from: 'pulse@example.com', tls: 'starttls', ...extra });
const mail = { to: ['ops@example.com', 'on-call@example.com'], subject: '[TRIGGERED] Été chaud: 130 > 100', text: 'line one\n.starts with a dot\n', headers: { 'X-Pulse-Delivery': 'd1' } };

describe('the email channel’s SMTP transport', () => {
  it('delivers to every recipient with the subject encoded, the body intact and the delivery id header', async () => {
    const smtp = await server();
    await createMailer(settings(smtp.port))(mail);
    const [received] = smtp.messages();
    expect(received).toMatchObject({ from: 'pulse@example.com', to: mail.to });
    expect(received.data).toMatch(/^X-Pulse-Delivery: d1$/m);
    expect(received.data).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(received.data).toContain('.starts with a dot');
  });

  it('logs in with the configured user and password, and fails without them', async () => {
    const smtp = await server({ user: 'pulse', password: 's3cret' });
    await createMailer(settings(smtp.port, { user: 'pulse', password: 's3cret' }))(mail);
    expect(smtp.messages()).toHaveLength(1);
    await expect(createMailer(settings(smtp.port, { user: 'pulse', password: 'wrong' }))(mail)).rejects.toThrow(/auth|535|bad user/i);
    await expect(createMailer(settings(smtp.port))(mail)).rejects.toThrow();
    expect(smtp.messages()).toHaveLength(1);
  });

  it('refuses a relay without STARTTLS when TLS is required', async () => {
    const smtp = await server();
    await expect(createMailer(settings(smtp.port, { tls: 'required' }))(mail)).rejects.toThrow(/STARTTLS/i);
    expect(smtp.messages()).toEqual([]);
  });
});

/**
 * Test harness: a real SMTP server on a free loopback port — Python's standard-library smtpd
 * (Python 3.11, an implementation independent of Pulse's client) — that reports every message it
 * receives. Not a test itself.
 */
import { spawn } from 'node:child_process';
import { freePort } from '../../../../common/testing/free-port';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'node:net';

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

const SCRIPT = `
import asyncore, json, smtpd, sys, warnings
warnings.simplefilter('ignore')
class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        text = data.decode('utf-8', 'replace') if isinstance(data, bytes) else data
        print(json.dumps({'from': mailfrom, 'to': rcpttos, 'data': text}), flush=True)
Sink(('127.0.0.1', int(sys.argv[1])), None, decode_data=False)
print('ready', flush=True)
asyncore.loop()
`;

export async function startSmtpServer(): Promise<SmtpServerHandle> {
  const port = await freePort();
  const child = spawn('python3', ['-W', 'ignore', '-c', SCRIPT, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const received: ReceivedMail[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) received.push(JSON.parse(line) as ReceivedMail);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return {
        port,
        messages: () => [...received],
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('the python3 smtpd server did not start');
}

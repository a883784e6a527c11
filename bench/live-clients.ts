/**
 * One client process of the Live section (forked by live.ts): opens its share of the WebSocket
 * connections from its own loopback source address (so the clients of all processes together do
 * not run out of ephemeral ports on one address pair), and records, per message received, how long
 * after the webhook's arrival an alert reached it and how far after the 5-second boundary a
 * dashboard update did. The parent drives it over the IPC channel.
 */
import WebSocket from 'ws';
import { liveSample } from './live-message';

export type ClientCommand =
  | {
      readonly cmd: 'connect';
      readonly url: string;
      /** One project per connection (`?project=`), or the same URL for all with `projects` empty. */
      readonly projects: readonly string[];
      readonly count: number;
      readonly protocols: readonly string[];
      readonly localAddress: string;
      /** Ask each connection for the dashboard stream once open. */
      readonly dashboard: boolean;
    }
  | { readonly cmd: 'collect' }
  | { readonly cmd: 'close' };

export type ClientReport =
  | { readonly event: 'connected'; readonly open: number; readonly failed: number; readonly firstError?: string }
  | { readonly event: 'samples'; readonly alertMs: number[]; readonly dashboardMs: number[]; readonly open: number };

/** Handshakes in flight per process: the server's accept backlog is finite. */
const OPENING_AT_ONCE = 100;

const sockets: WebSocket[] = [];
let alertMs: number[] = [];
let dashboardMs: number[] = [];

function onMessage(raw: WebSocket.RawData): void {
  const sample = liveSample(raw.toString(), Date.now());
  if (sample?.kind === 'alert') alertMs.push(sample.ms);
  else if (sample?.kind === 'dashboard') dashboardMs.push(sample.ms);
}

function open(command: Extract<ClientCommand, { cmd: 'connect' }>, index: number): Promise<string | undefined> {
  const project = command.projects.length === 0 ? undefined : command.projects[index % command.projects.length];
  const url = project === undefined ? command.url : `${command.url}?project=${project}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, [...command.protocols], { localAddress: command.localAddress, perMessageDeflate: false });
    socket.once('open', () => {
      sockets.push(socket);
      socket.on('message', onMessage);
      if (command.dashboard) socket.send(JSON.stringify({ type: 'getDashboardStream', project }));
      resolve(undefined);
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      resolve(`HTTP ${response.statusCode}`);
    });
    socket.once('error', (error) => resolve(error.message));
  });
}

async function connectAll(command: Extract<ClientCommand, { cmd: 'connect' }>): Promise<ClientReport> {
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < command.count) {
      const error = await open(command, next++);
      if (error === undefined) continue;
      failed++;
      firstError ??= error;
    }
  };
  await Promise.all(Array.from({ length: OPENING_AT_ONCE }, worker));
  return { event: 'connected', open: sockets.length, failed, firstError };
}

function reply(report: ClientReport): void {
  process.send!(report);
}

process.on('message', (command: ClientCommand) => {
  if (command.cmd === 'connect') void connectAll(command).then(reply);
  if (command.cmd === 'collect') {
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    reply({ event: 'samples', alertMs, dashboardMs, open });
    alertMs = [];
    dashboardMs = [];
  }
  if (command.cmd === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
// Parent gone: nothing left to measure for.
process.on('disconnect', () => process.exit(0));

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { outgoingFrame } from './wire';

/** A server that writes the prepared frames straight to each upgraded socket, as the stream does. */
async function frameServer(texts: readonly string[]): Promise<{ server: Server; url: string }> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server = createServer();
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, () => {
      for (const text of texts) socket.write(outgoingFrame(text, { type: 'test' }).websocket());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function receive(url: string, count: number): Promise<Array<{ text: string; binary: boolean }>> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const got: Array<{ text: string; binary: boolean }> = [];
  return new Promise((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      got.push({ text: data.toString(), binary: isBinary });
      if (got.length < count) return;
      ws.close();
      resolve(got);
    });
    ws.on('error', reject);
  });
}

describe('a prepared WebSocket frame', () => {
  it('reads back as the same text in a ws client at every bound of the frame header (7-bit, 16-bit, 64-bit lengths)', async () => {
    const texts = [
      '',
      'a'.repeat(125), // the longest 7-bit length
      'é'.repeat(63), // 126 bytes in UTF-8 though 63 characters: the first 16-bit length
      'b'.repeat(65_535), // the longest 16-bit length
      'c'.repeat(65_536), // the first 64-bit length
      '{"type":"alertNotification","data":{"summary":"ünïcode ☃ 🛰"}}',
    ];
    const { server, url } = await frameServer(texts);
    try {
      const got = await receive(url, texts.length);
      expect(got.map((m) => m.binary)).toEqual(texts.map(() => false));
      expect(got.map((m) => m.text)).toEqual(texts);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('is made once and reused, however many connections it goes to', () => {
    const frame = outgoingFrame('{"type":"x"}', { type: 'x', id: 'e.1' });
    expect(frame.websocket()).toBe(frame.websocket());
    expect(frame.sse()).toBe(frame.sse());
    expect(frame.sse().toString()).toBe('id: e.1\nevent: x\ndata: {"type":"x"}\n\n');
  });
});

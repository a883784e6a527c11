import { createConnection } from 'node:net';
import { findRedisServer, startRedisServer } from './redis-server';

/** Sends raw RESP commands (inline form) and returns the raw replies. */
function send(port: number, ...commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('error', reject);
    socket.once('connect', () => socket.end(commands.map((command) => `${command}\r\n`).join('')));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.once('close', () => resolve(reply));
  });
}

describe('the redis-server test harness', () => {
  it('starts a server on loopback that answers PING, and stops it', async () => {
    const redis = await startRedisServer({ appendOnly: false });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await send(redis.port, 'PING')).toBe('+PONG\r\n');
      await redis.stop();
      await expect(send(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await redis.dispose();
    }
  });

  it('keeps written data across a crash and a restart on the same port', async () => {
    const redis = await startRedisServer();
    try {
      await send(redis.port, 'SET answer 42');
      await redis.kill();
      await expect(send(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
      await redis.restart();
      expect(await send(redis.port, 'GET answer')).toBe('$2\r\n42\r\n');
    } finally {
      await redis.dispose();
    }
  });

  it('names the Debian package when the binary is missing', async () => {
    expect(() => findRedisServer('/nonexistent/redis-server')).toThrow(
      'redis-server not found: install the Debian package redis-server (npm test installs it when run as root)',
    );
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(/install the Debian package redis-server/);
  });
});

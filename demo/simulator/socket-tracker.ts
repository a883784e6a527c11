import type { Server } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Every open connection of a server. `server.close()` only stops new connections and waits for
 * open ones; `down` must refuse at once and close() must not wait on hanging or upgraded sockets,
 * which http's own closeAllConnections() does not see.
 */
export interface SocketTracker {
  destroyAll(): void;
  readonly size: number;
}

export function trackSockets(server: Server): SocketTracker {
  const sockets = new Set<Duplex>();
  server.on('connection', (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    destroyAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    get size() {
      return sockets.size;
    },
  };
}

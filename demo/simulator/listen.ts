import type { AddressInfo, Server } from 'node:net';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  /** Names the server in errors ("region us-east http"). */
  readonly label: string;
}

/** Starts listening and resolves with the bound port; the error names the server and the port. */
export function listen(server: Server, options: ListenOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(new Error(describeListenError(error, options), { cause: error }));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
}

export function describeListenError(error: NodeJS.ErrnoException, options: ListenOptions): string {
  const where = `${options.host}:${options.port}`;
  if (error.code === 'EADDRINUSE') return `${options.label}: port ${options.port} is already in use (${where})`;
  if (error.code === 'EACCES') return `${options.label}: no permission to listen on port ${options.port} (${where})`;
  return `${options.label}: cannot listen on ${where}: ${error.message}`;
}

/** Stops listening; resolves when the server has let go of its port (open sockets must be gone). */
export function stopListening(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A small HTTP client for load generation: node:http with a keep-alive agent, so the client's own
 * connection set-up stays out of the figures (the probes under test make their own fresh
 * connections to the targets), and no Accept-Encoding, so every server answers uncompressed text.
 */
import http from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: Buffer;
  /** From sending the request to the last byte of the answer. */
  readonly ms: number;
}

export interface HttpClient {
  request(url: string, options?: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number }): Promise<HttpAnswer>;
  text(url: string): Promise<string>;
  close(): void;
}

export function createHttpClient(maxSockets = 64): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const client: HttpClient = {
    request(url, options = {}) {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const headers: Record<string, string | number> = { ...options.headers };
        if (options.body !== undefined) headers['content-length'] = Buffer.byteLength(options.body);
        const req = http.request(url, { method: options.method ?? 'GET', headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started }));
        });
        req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 30_000} ms`)));
        req.on('error', reject);
        req.end(options.body);
      });
    },
    async text(url) {
      const answer = await client.request(url);
      if (answer.status !== 200) throw new Error(`GET ${url}: HTTP ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
      return answer.body.toString('utf8');
    },
    close() {
      agent.destroy();
    },
  };
  return client;
}

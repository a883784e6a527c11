import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderErrorBody, renderHealthBody, renderNotFoundBody } from './region-bodies';
import { holdConnection, type RegionContext } from './region-context';
import { acceptRequest } from './region-state';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/**
 * The request handler of a region's HTTP and HTTPS servers. The delay runs before writeHead, so
 * it shows up in a client's time to first byte ("processing"), not in the transfer.
 */
export function createRegionRequestHandler(context: RegionContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const request = acceptRequest(context.state);
    res.once('close', request.finish);
    const { plan } = request;
    if (plan.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (plan.kind === 'hang') {
      holdConnection(context, req.socket);
      return;
    }
    context.timers.after(plan.delayMs, () => {
      if (res.destroyed) return;
      request.finish();
      const answer = plan.failed ? { status: 503, body: renderErrorBody(context.state) } : answerFor(context, req);
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer.body),
        'cache-control': 'no-store',
      });
      res.end(answer.body);
    });
  };
}

function answerFor(context: RegionContext, req: IncomingMessage): Answer {
  const path = new URL(req.url ?? '/', 'http://region.invalid').pathname;
  if (path !== '/health') return { status: 404, body: renderNotFoundBody(path) };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return { status: 405, body: JSON.stringify({ status: 'error', error: `method not allowed: ${req.method}` }) };
  }
  return { status: 200, body: renderHealthBody(context.state, context.now()) };
}

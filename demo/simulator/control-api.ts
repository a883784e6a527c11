import express, { type NextFunction, type Request, type Response } from 'express';
import { parseFaultCommand, parseLatencyCommand, parseLoadCommand, type Parsed } from './control-commands';
import type { Simulator } from './types';

export type SimulatorControls = Pick<Simulator, 'regions' | 'region' | 'setFault' | 'setLatency' | 'setLoad'>;

/**
 * The control API (JSON): list and inspect regions, set a region's fault, latency or load.
 * Handlers only route: bodies are checked by the parse functions, state is changed by the simulator.
 */
export function createControlApp(options: { simulator: SimulatorControls }): express.Express {
  const { simulator } = options;
  const app = express();
  app.disable('x-powered-by');
  // Any content type is read as JSON, so `curl -d '{"mode":"down"}'` works without a header.
  const jsonBody = express.json({ type: () => true, limit: '16kb' });

  const forRegion =
    (handle: (code: string, req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response): Promise<void> => {
      const code = String(req.params.code);
      const known = simulator.regions().map((region) => region.code);
      if (!known.includes(code)) {
        res.status(404).json({ error: `region: unknown region ${JSON.stringify(code)} (known: ${known.join(', ')})`, field: 'region' });
        return;
      }
      await handle(code, req, res);
    };

  const command =
    <T>(parse: (body: unknown) => Parsed<T>, apply: (code: string, value: T) => Promise<void> | void) =>
    forRegion(async (code, req, res) => {
      const parsed = parse(req.body);
      if (!parsed.ok) {
        res.status(400).json({ error: parsed.error, field: parsed.field });
        return;
      }
      await apply(code, parsed.value);
      res.json(simulator.region(code));
    });

  app.get('/regions', (_req, res) => {
    res.json({ regions: simulator.regions() });
  });
  app.get(
    '/regions/:code',
    forRegion((code, _req, res) => {
      res.json(simulator.region(code));
    }),
  );
  app.post('/regions/:code/fault', jsonBody, command(parseFaultCommand, (code, fault) => simulator.setFault(code, fault)));
  app.post(
    '/regions/:code/latency',
    jsonBody,
    command(parseLatencyCommand, (code, latency) => simulator.setLatency(code, latency.ms, latency.jitterMs)),
  );
  app.post('/regions/:code/load', jsonBody, command(parseLoadCommand, (code, load) => simulator.setLoad(code, load.participants)));
  app.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.path}` });
  });
  app.use(answerError);
  return app;
}

/** Express's body parser reports bad JSON with a 4xx status; anything else is our fault. */
function answerError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const reason = (error as { type?: unknown }).type === 'entity.parse.failed' ? 'not valid JSON' : String((error as Error).message);
    res.status(status).json({ error: `body: ${reason}`, field: 'body' });
    return;
  }
  res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
}

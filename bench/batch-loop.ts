/**
 * Batches POSTed in a closed loop to an endpoint that answers `{"accepted": n}` (usage events,
 * recorded metrics): every answer must be a 200 that accepted the whole batch, so a figure is
 * never inflated by refused or half-taken batches.
 */
import type { HttpClient } from './http-client';
import { closedLoop, type LoadOutcome } from './load';

export interface BatchLoopOptions {
  /** Full URL of the endpoint. */
  readonly url: string;
  /** Bearer key of the project. */
  readonly key: string;
  readonly concurrency: number;
  readonly durationMs: number;
  readonly batchSize: number;
  /** The JSON body of the batch with this sequence number (unique ids per sequence). */
  body(sequence: number): string;
}

/** Where each batch's latency (ms) goes as it ends: an array, or a collector that also notes when. */
export interface LatencySink {
  push(ms: number): unknown;
}

/** Items accepted over the run, beside the load outcome; each answer's latency goes into `latencies`. */
export async function acceptedBatchLoop(client: HttpClient, options: BatchLoopOptions, latencies: LatencySink): Promise<{ load: LoadOutcome; items: number }> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.key}` };
  let items = 0;
  const load = await closedLoop({ concurrency: options.concurrency, durationMs: options.durationMs }, async (_worker, sequence) => {
    const answer = await client.request(options.url, { method: 'POST', headers, body: options.body(sequence) });
    latencies.push(answer.ms);
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    const { accepted } = JSON.parse(answer.body.toString('utf8')) as { accepted: number };
    if (accepted !== options.batchSize) throw new Error(`accepted ${accepted} of ${options.batchSize} new items`);
    items += accepted;
    return true;
  });
  return { load, items };
}

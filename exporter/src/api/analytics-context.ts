/** What each analytics feature's routes receive (its own file, so features import it without a cycle through the router). */
import type express from 'express';
import type { Logger } from '../../../common/log';
import type { ExporterRuntime } from '../runtime';

export interface AnalyticsRouteContext {
  readonly runtime: ExporterRuntime;
  readonly log: Logger;
  /** Authenticates, authorises the project, rate-limits and audits; then `guardedProject(res)`. */
  readonly guard: express.RequestHandler;
  /** The same guard, but the handler draws the rate limit itself, in its store write (`guardedRateLimit(res)`). */
  readonly guardDrawnByHandler: express.RequestHandler;
}

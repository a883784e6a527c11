/** The status and body of an answer to a request that failed (http-app.ts' error handler, probed-health-route.ts). */
import { excerpt } from '../../../common/http/problems';

interface HttpError {
  readonly status?: unknown;
  readonly type?: unknown;
  readonly message?: unknown;
  readonly limit?: unknown;
  readonly length?: unknown;
}

/** A 4xx an error names (body-parser's), else 500 with no detail: the cause goes to the log, not the client. */
export function errorAnswer(error: unknown): { readonly status: number; readonly body: { readonly error: string | undefined } } {
  const failed = (typeof error === 'object' && error !== null ? error : {}) as HttpError;
  const status = typeof failed.status === 'number' && failed.status >= 400 && failed.status < 500 ? failed.status : 500;
  const message =
    failed.type === 'entity.parse.failed'
      ? `invalid JSON body: ${excerpt(String(failed.message))}`
      : failed.type === 'entity.too.large'
        ? `request body too large: at most ${String(failed.limit)} bytes (got ${String(failed.length)})`
        : status === 500
          ? 'internal error'
          : (failed.message as string | undefined);
  return { status, body: { error: message } };
}

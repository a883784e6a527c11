/** jsonBody on a real server: the answers of the app's error handler to bodies past each limit. */
import express, { type ErrorRequestHandler } from 'express';
import { listen, type RunningServer } from '../../../common/http/listen';
import { MAX_JSON_DEPTH } from '../../../common/http/json-depth';
import { errorAnswer } from './error-answer';
import { jsonBody } from './request-body';

let server: RunningServer;

beforeAll(async () => {
  const app = express();
  app.post('/echo', jsonBody('1kb'), (req, res) => void res.json({ body: req.body as unknown }));
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const answer = errorAnswer(error);
    res.status(answer.status).json(answer.body);
  };
  app.use(onError);
  server = await listen(app, { host: '127.0.0.1', port: 0 });
});
afterAll(() => server.close());

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${server.address.port}/echo`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: response.status, body: await response.json() };
}

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const tooDeep = { status: 400, body: { error: `JSON body nested too deep: at most ${MAX_JSON_DEPTH} levels of arrays and objects` } };

describe('jsonBody', () => {
  it('hands on a body nested to the limit, parsed', async () => {
    expect(await post(nested(MAX_JSON_DEPTH))).toEqual({ status: 200, body: { body: JSON.parse(nested(MAX_JSON_DEPTH)) } });
  });

  it('answers 400 naming the depth limit to a body one level deeper, whether or not it parses', async () => {
    expect(await post(nested(MAX_JSON_DEPTH + 1))).toEqual(tooDeep);
    expect(await post(nested(MAX_JSON_DEPTH + 1, '1,'))).toEqual(tooDeep);
    expect(await post(`{"a":${'['.repeat(MAX_JSON_DEPTH + 1)}`)).toEqual(tooDeep);
  });

  it('answers malformed JSON within the depth limit, a body past the size limit and an unsupported charset as body-parser does', async () => {
    expect(await post('{"a":')).toEqual({ status: 400, body: { error: expect.stringMatching(/^invalid JSON body: /) as unknown } });
    expect(await post(`{"a":"${'x'.repeat(1100)}"}`)).toEqual({ status: 413, body: { error: 'request body too large: at most 1024 bytes (got 1108)' } });
    expect(await post('{}', 'application/json; charset=latin1')).toEqual({ status: 415, body: { error: 'unsupported charset "LATIN1"' } });
  });

  it('leaves a body of another type unparsed', async () => {
    expect(await post(nested(MAX_JSON_DEPTH + 1), 'text/plain')).toEqual({ status: 200, body: {} });
  });
});

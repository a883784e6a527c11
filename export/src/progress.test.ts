import { PassThrough } from 'node:stream';
import { createProgress, renderProgress } from './progress';

describe('renderProgress', () => {
  it('shows queries (chunk × metric) done of total and rows written', () => {
    expect(renderProgress({ requestsDone: 6, requestsTotal: 24, rows: 1234 })).toBe('[######..................] 6/24 queries, 1234 rows');
    expect(renderProgress({ requestsDone: 0, requestsTotal: 0, rows: 0 })).toBe('[########################] 0/0 queries, 0 rows');
  });
});

describe('createProgress', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const stream = new PassThrough();
    const progress = createProgress({ stream, enabled: false });
    progress.update({ requestsDone: 1, requestsTotal: 2, rows: 3 });
    progress.clear();
    expect(stream.read()).toBeNull();
  });

  it('redraws one line in place and erases it at the end', () => {
    const stream = new PassThrough({ encoding: 'utf8' });
    const progress = createProgress({ stream, enabled: true });
    progress.update({ requestsDone: 1, requestsTotal: 2, rows: 3 });
    progress.clear();
    expect(stream.read()).toBe(`\r\x1b[2K${renderProgress({ requestsDone: 1, requestsTotal: 2, rows: 3 })}\r\x1b[2K`);
  });
});

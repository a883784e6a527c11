/**
 * The export-job part of the Redis store: every replica reads any job and its file. The job is
 * a JSON string, the file a list of chunks; both expire at the job's expiresAtMs (PXAT), so Redis
 * itself removes them. The file is written to a side key first and renamed in the same MULTI
 * that marks the job completed: no reader ever sees a completed job with part of its file.
 */
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { luaScript, runScript } from './redis-script';
import type { ExportJob, ExportJobStore } from './types';

function parseJob(text: string | null, id: string): ExportJob | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as ExportJob;
  } catch (error) {
    throw new Error(`export job ${id}: the stored record is not JSON`, { cause: error });
  }
}

/** KEYS: the project's kept-jobs zset. ARGV: id, expiresAtMs, max, nowMs. Expired members go first. */
const RESERVE = luaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], latest[2])
return 1
`);

export function createRedisExportJobs({ call, keys }: { call: RedisCall; keys: RedisKeys }): ExportJobStore {
  return {
    reserveExportJob: (project, id, expiresAtMs, max, nowMs) =>
      call('reserve export job', async (client) => (await runScript(client, RESERVE, [keys.exportJobsOf(project)], [id, expiresAtMs, max, nowMs])) === 1),
    putExportJob: (job) =>
      call('put export job', async (client) => {
        await client.set(keys.exportJob(job.id), JSON.stringify(job), 'PXAT', job.expiresAtMs);
      }),
    exportJob: (id) => call('read export job', async (client) => parseJob(await client.get(keys.exportJob(id)), id)),
    async completeExportJob(job, file) {
      const part = keys.exportFilePart(job.id);
      await call('start export file', (client) => client.del(part));
      // One chunk per call: each stays well inside the command timeout, whatever the file's size.
      for (const chunk of file) {
        await call('write export file', (client) => client.multi().rpush(part, chunk).pexpireat(part, job.expiresAtMs).exec());
      }
      await call('complete export job', async (client) => {
        const results = await client
          .multi()
          .rename(part, keys.exportFile(job.id))
          .pexpireat(keys.exportFile(job.id), job.expiresAtMs)
          .set(keys.exportJob(job.id), JSON.stringify(job), 'PXAT', job.expiresAtMs)
          .exec();
        const failed = results?.find(([error]) => error !== null)?.[0];
        if (failed) throw new Error(`complete export job ${job.id}: ${failed.message}`, { cause: failed });
      });
    },
    exportFileChunk: (id, index) => call('read export file', async (client) => (await client.lindexBuffer(keys.exportFile(id), index)) ?? undefined),
  };
}

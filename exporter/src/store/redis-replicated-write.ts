/**
 * Writes the store acknowledges to clients (usage batches, recorded values), run as Lua scripts.
 * On one Redis: each script as it is. On a cluster: Redis replicates asynchronously, so a write
 * only its master holds can vanish when a replica takes over after the master dies. After its
 * scripts, a write therefore waits for a WAIT on each master it wrote to (sent on the client's
 * connection to that master, so it covers every write sent before it): only when `replicas`
 * replicas hold the writes are they acknowledged. When fewer confirm in time, the call rejects and
 * the client is told nothing was acknowledged; a retry with the same ids is deduplicated against
 * whatever did get stored. A master with no replica connected (a promoted one whose old master is
 * still down) acknowledges on its own, like one Redis: its append-only file keeps the writes.
 *
 * A master's connection serves no other command while WAIT blocks it, so WAITs are shared: at most
 * one runs per master and one more is queued; every write that finishes while one runs waits for
 * the queued one (group commit). A master thus sees one WAIT per replication round trip, however
 * many batches arrive.
 */
import type { Cluster, Redis } from 'ioredis';
import { keySlot } from './redis-cluster-keys';
import type { RedisClient } from './redis-connection';
import { runScript, type LuaScript } from './redis-script';

export interface ScriptCall {
  readonly script: LuaScript;
  /** All in one slot. */
  readonly keys: readonly string[];
  readonly args: readonly (string | Buffer)[];
}

export interface WriteSettings {
  /** Replicas that must hold a write before it is acknowledged; 0 on one Redis. */
  readonly replicas: number;
  /** How long WAIT waits for them; below the command timeout, so WAIT answers first. */
  readonly waitMs: number;
}

/** Runs every call, and answers the replies in the calls' order; rejects if any failed or was not replicated. */
export type ScriptWriter = (client: RedisClient, calls: readonly ScriptCall[]) => Promise<unknown[]>;

export function createScriptWriter(settings: WriteSettings): ScriptWriter {
  const barrier = replicationBarrier(settings);
  return async (client, calls) => {
    const writes = calls.map((call) => runScript(client, call.script, call.keys, call.args));
    if (settings.replicas === 0 || !('slots' in client)) return Promise.all(writes);
    // The masters as the slot map has them when the scripts are sent.
    const masters = new Set(calls.map((call) => client.slots[keySlot(call.keys[0])]?.[0] ?? 'unknown'));
    // Every write has finished before the caller hears: nothing is left in flight behind an answer.
    const settled = await Promise.allSettled(writes);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    await Promise.all([...masters].map((master) => barrier(client, master)));
    return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value);
  };
}

interface MasterWaits {
  running?: Promise<void>;
  queued?: Promise<void>;
}

/** Resolves once a WAIT sent to the master after this call confirms (see the file's comment). */
function replicationBarrier({ replicas, waitMs }: WriteSettings): (client: Cluster, master: string) => Promise<void> {
  const waits = new Map<string, MasterWaits>();
  const start = (client: Cluster, master: string, state: MasterWaits): Promise<void> => {
    const running = sendWait(client, master, replicas, waitMs).finally(() => {
      if (state.running === running) state.running = undefined;
    });
    state.running = running;
    return running;
  };
  return (client, master) => {
    let state = waits.get(master);
    if (!state) waits.set(master, (state = {}));
    const current = state;
    if (!current.running) return start(client, master, current);
    current.queued ??= current.running
      .catch(() => undefined)
      .then(() => {
        current.queued = undefined;
        return start(client, master, current);
      });
    return current.queued;
  };
}

async function sendWait(client: Cluster, master: string, replicas: number, waitMs: number): Promise<void> {
  const node = client.nodes('master').find((candidate) => `${candidate.options.host}:${candidate.options.port}` === master);
  if (!node) throw new Error(`no connection to master ${master} to confirm the write; not acknowledged`);
  const confirmed = await node.wait(replicas, waitMs);
  if (confirmed >= replicas) return;
  // A master left without a replica (its own died, or it was just promoted) cannot get one to
  // confirm; it then acknowledges on its own, as one Redis does. ROLE lists the connected ones.
  const connected = await connectedReplicas(node);
  if (confirmed < Math.min(replicas, connected)) throw new Error(`${confirmed} of ${Math.min(replicas, connected)} replicas confirmed the write within ${waitMs} ms; not acknowledged`);
}

async function connectedReplicas(node: Redis): Promise<number> {
  const role = (await node.call('ROLE')) as unknown[];
  return role[0] === 'master' && Array.isArray(role[2]) ? role[2].length : 0;
}

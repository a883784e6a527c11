/**
 * A process that opens a Redis store, uses it, closes it, and should then exit by itself: what a
 * store leaves running after close() keeps it alive. Driven by store-lifetime.ts over stdin and
 * stdout, one word a line. Not a test itself.
 *
 * argv[2]: the store options (JSON). argv[3]: `plain`, or `refreshing` to close while a cluster
 * slot-map refresh is under way (the parent stops every node on `open` and resumes them on
 * `refreshing`; the refresh's own connection, an extra socket, shows that it has started).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { activeResources, resourcesBeyond } from '../../../../common/testing/active-resources';
import { createRedisStore, type RedisStoreOptions } from '../redis-store';

async function main(): Promise<void> {
  const [options, mode] = [JSON.parse(process.argv[2]) as RedisStoreOptions, process.argv[3]];
  const store = createRedisStore(options);
  if (!(await store.ping())) throw new Error('the store did not answer PING');
  await store.usageTotals();
  const open = activeResources();
  console.log('open');
  if (mode === 'refreshing') {
    while (!resourcesBeyond(open).TCPSocketWrap) await sleep(20);
    console.log('refreshing');
  }
  await store.close();
  console.log('closed');
  // Unref'd: it reports what still runs without being one more thing that runs.
  setInterval(() => console.log(`left ${JSON.stringify(activeResources())}`), 500).unref();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

/** Choosing the Redis from the environment: one Redis, a cluster with its password, or none. */
import { MAX_CLUSTER_SEEDS, parseClusterNodes, redisTargetFromEnv } from './redis-target';

const files: Record<string, string> = { '/run/secrets/redis': 's3cret\n', '/empty': '\n' };
const readFile = (path: string): string => {
  if (!(path in files)) throw new Error('ENOENT: no such file');
  return files[path];
};

describe('the Redis the exporter uses', () => {
  it('is none without REDIS_URL or REDIS_CLUSTER_NODES, and REDIS_URL unchanged when set', () => {
    expect(redisTargetFromEnv({}, readFile)).toBeUndefined();
    expect(redisTargetFromEnv({ REDIS_URL: 'redis://:pw@redis:6379/0' }, readFile)).toEqual({ url: 'redis://:pw@redis:6379/0' });
  });

  it('is a cluster of the listed seed nodes, with the password from a file (less its newline) or the environment', () => {
    const nodes = [
      { host: 'redis-a', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '::1', port: 7002 },
    ];
    expect(redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[::1]:7002' }, readFile)).toEqual({ clusterNodes: nodes });
    expect(redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_PASSWORD_FILE: '/run/secrets/redis' }, readFile)).toEqual({ clusterNodes: [nodes[0]], password: 's3cret' });
    expect(redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_PASSWORD: 'pw' }, readFile)).toEqual({ clusterNodes: [nodes[0]], password: 'pw' });
  });

  it('refuses, naming the setting and the bad value, what it cannot use', () => {
    expect(() => redisTargetFromEnv({ REDIS_URL: 'redis://r', REDIS_CLUSTER_NODES: 'a:1' }, readFile)).toThrow('REDIS_URL and REDIS_CLUSTER_NODES are both set');
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'a:1', REDIS_PASSWORD: 'x', REDIS_PASSWORD_FILE: '/run/secrets/redis' }, readFile)).toThrow('REDIS_PASSWORD_FILE and REDIS_PASSWORD are both set');
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'a:1', REDIS_PASSWORD_FILE: '/nope' }, readFile)).toThrow('REDIS_PASSWORD_FILE: cannot read "/nope": ENOENT');
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'a:1', REDIS_PASSWORD_FILE: '/empty' }, readFile)).toThrow('REDIS_PASSWORD_FILE: "/empty" is empty');
    for (const bad of ['redis-a', 'redis-a:0', 'redis-a:65536', 'a:1,', 'redis://a:1', 'a b:1']) {
      expect(() => parseClusterNodes(bad)).toThrow(/^REDIS_CLUSTER_NODES: ".*" is not host:port \(port 1–65535\)$/);
    }
  });

  it(`takes up to ${MAX_CLUSTER_SEEDS} seed nodes`, () => {
    const seeds = (count: number): string => Array.from({ length: count }, (_, i) => `n${i}:7000`).join(',');
    expect(parseClusterNodes(seeds(MAX_CLUSTER_SEEDS))).toHaveLength(MAX_CLUSTER_SEEDS);
    expect(() => parseClusterNodes(seeds(MAX_CLUSTER_SEEDS + 1))).toThrow(`REDIS_CLUSTER_NODES: at most ${MAX_CLUSTER_SEEDS} nodes (got ${MAX_CLUSTER_SEEDS + 1})`);
  });
});

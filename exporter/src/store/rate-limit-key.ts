/**
 * How a project's rate-limit keys are named, and whose they are: `<scope>:<project>`. On a Redis
 * Cluster a key's counter lives in its owner's usage shard (redis-cluster-keys.ts), so a usage
 * batch of one project draws its limit inside the batch's own script.
 */

/** The key of a project's limit in `scope` (`usage` for ingestion, `api` for the analytics API). */
export function projectRateLimitKey(scope: 'usage' | 'api', project: string): string {
  return `${scope}:${project}`;
}

/** Whose a rate-limit key is: the text after its first ':' (a project may hold ':'), or the whole key without one. */
export function rateLimitOwner(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(colon + 1);
}

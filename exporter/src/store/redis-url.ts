/** The Redis URL as it may appear in logs and errors: never with its password. */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // An unparseable URL could still hold a secret; say only that it is unparseable.
    return '(unparseable Redis URL)';
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

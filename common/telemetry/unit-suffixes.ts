/**
 * OpenTelemetry's Prometheus serializer (0.223) leaves units out of metric names and writes
 * OpenMetrics `# UNIT` lines, which the Prometheus text format does not have. This rewrites its
 * output the Prometheus way: `http_server_request_duration` in seconds becomes
 * `http_server_request_duration_seconds`, heap sizes in bytes get `_bytes`, and the UNIT lines go.
 */
const SUFFIX_OF_UNIT: Record<string, string> = { s: 'seconds', By: 'bytes', '1': 'ratio' };
const SERIES_SUFFIXES = ['_bucket', '_sum', '_count', ''];

export function withUnitSuffixes(text: string): string {
  const renames = new Map<string, string>();
  for (const match of text.matchAll(/^# UNIT (\S+) (\S+)$/gm)) {
    const [, name, unit] = match;
    const suffix = SUFFIX_OF_UNIT[unit];
    if (!suffix) continue;
    const base = name.endsWith('_total') ? name.slice(0, -6) : name;
    if (base.endsWith(`_${suffix}`)) continue;
    renames.set(name, name.endsWith('_total') ? `${base}_${suffix}_total` : `${base}_${suffix}`);
  }
  return text
    .split('\n')
    .filter((line) => !line.startsWith('# UNIT '))
    .map((line) => renameLine(line, renames))
    .join('\n');
}

function renameLine(line: string, renames: ReadonlyMap<string, string>): string {
  const comment = /^# (HELP|TYPE) (\S+)/.exec(line);
  if (comment) {
    const renamed = renames.get(comment[2]);
    return renamed ? line.replace(`# ${comment[1]} ${comment[2]}`, `# ${comment[1]} ${renamed}`) : line;
  }
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (!name) return line;
  for (const seriesSuffix of SERIES_SUFFIXES) {
    if (!name.endsWith(seriesSuffix)) continue;
    const family = name.slice(0, name.length - seriesSuffix.length);
    const renamed = renames.get(family);
    if (renamed) return renamed + seriesSuffix + line.slice(name.length);
  }
  return line;
}

/**
 * Generated malformed usage payloads for tests: every field with every kind of bad value, in
 * several positions of a batch, plus broken batches and broken JSON. Each case says which status
 * and which field (or message) the answer must name.
 */
export interface MalformedCase {
  readonly name: string;
  /** The raw request body. */
  readonly body: string;
  readonly status: number;
  /** A problem's field the answer must name, or a fragment its error must contain. */
  readonly names: { readonly field: string } | { readonly error: string };
}

type Event = Record<string, unknown>;

const BAD_VALUES: Record<string, Array<[string, unknown]>> = {
  id: [['missing', undefined], ['a number', 42], ['empty', ''], ['too long', 'x'.repeat(200)], ['with spaces', 'a b'], ['null', null]],
  project: [['missing', undefined], ['uppercase', 'Acme'], ['too long', 'p'.repeat(80)], ['a number', 7], ['with a slash', 'a/b'], ['empty', '']],
  region: [['missing', undefined], ['unknown', 'mars-north'], ['a number', 1], ['uppercase', 'EU-WEST'], ['null', null]],
  type: [['missing', undefined], ['unknown', 'coffee_cups'], ['uppercase', 'API_REQUESTS'], ['a list', ['api_requests']], ['null', null]],
  value: [['missing', undefined], ['negative', -1], ['huge', 1e300], ['a string', '5'], ['NaN as text', 'NaN'], ['null', null], ['a boolean', true], ['an object', { n: 1 }]],
  timestamp: [['missing', undefined], ['not a date', 'yesterday'], ['far future', '2999-01-01T00:00:00Z'], ['too old', '2000-01-01T00:00:00Z'], ['fractional ms', 1.5], ['negative', -5], ['date only', '2026-11-21']],
};

export function malformedCases(validEvent: (index: number) => Event): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const batch = (events: unknown[]) => JSON.stringify({ events });
  for (const [field, values] of Object.entries(BAD_VALUES)) {
    for (const [label, value] of values) {
      for (const position of [0, 1, 2]) {
        const events = [0, 1, 2].map(validEvent);
        const bad: Event = { ...events[position] };
        if (value === undefined) delete bad[field];
        else bad[field] = value;
        events[position] = bad;
        cases.push({ name: `${field} ${label} (event ${position} of 3)`, body: batch(events), status: 400, names: { field: `events[${position}].${field}` } });
      }
    }
  }
  // 1e309 overflows to Infinity when parsed, which is no finite number.
  cases.push({ name: 'value Infinity', body: batch([validEvent(0)]).replace(/"value":[0-9.]+/, '"value":1e309'), status: 400, names: { field: 'events[0].value' } });
  cases.push({ name: 'unknown event field', body: batch([{ ...validEvent(0), colour: 'red' }]), status: 400, names: { field: 'events[0].colour' } });
  for (const [label, event] of [['a string', 'event'], ['a number', 3], ['null', null], ['a list', [1]]] as const) {
    cases.push({ name: `event is ${label}`, body: batch([validEvent(0), event]), status: 400, names: { field: 'events[1]' } });
  }
  const batches: Array<[string, string, string]> = [
    ['no events field', JSON.stringify({ items: [validEvent(0)] }), 'events'],
    ['events not a list', JSON.stringify({ events: validEvent(0) }), 'events'],
    ['empty batch', JSON.stringify({ events: [] }), 'events'],
    ['1001 events', batch(Array.from({ length: 1001 }, (_, i) => validEvent(i))), 'events'],
    ['body is a string', JSON.stringify('events'), 'events'],
    ['body is null', 'null', 'events'],
    ['extra top-level field', JSON.stringify({ events: [validEvent(0)], dryRun: true }), 'dryRun'],
  ];
  for (const [name, body, field] of batches) cases.push({ name, body, status: 400, names: { field } });
  for (const [name, body] of [
    ['truncated JSON', batch([validEvent(0)]).slice(0, -3)],
    ['trailing comma', batch([validEvent(0)]).replace(/]}$/, ',]}')],
    ['single quotes', `{'events': []}`],
    ['empty body', ''],
    ['not JSON at all', 'participant_minutes=5'],
  ]) {
    cases.push({ name, body, status: 400, names: { error: 'invalid JSON body' } });
  }
  cases.push({ name: 'body over 1 MiB', body: JSON.stringify({ events: [validEvent(0)], pad: 'x'.repeat(1024 * 1024) }), status: 413, names: { error: 'request body too large' } });
  return cases;
}

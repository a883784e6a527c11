/**
 * The one home of the alert messages' wording: the title and the text of a notification, as
 * pieces that two renderers read — render-text.ts for the exporter's project deliveries (Slack,
 * email), render-go-template.ts for the operator's Alertmanager receivers (the generated
 * pulse.tmpl). A wording change here changes both, and the golden tests show it.
 */

/** What a message says about one alert; a field left out is a line or a part left out. */
export interface MessageFacts {
  readonly firing: boolean;
  readonly title: string;
  readonly severity: string;
  /** The value that crossed the threshold, as the rule rendered it. */
  readonly value?: string;
  /** gt gte lt lte eq ne: shown as its symbol. */
  readonly condition?: string;
  readonly threshold?: string;
  readonly region?: string;
  readonly project?: string;
  readonly description?: string;
  readonly dashboardUrl?: string;
  readonly runbookUrl?: string;
  /** RFC 3339, as Alertmanager's JSON carries it. */
  readonly startsAt?: string;
  /** Only for a resolved alert. */
  readonly endsAt?: string;
}

export type TextField = Exclude<keyof MessageFacts, 'firing'>;

export type Piece =
  | { readonly text: string }
  | { readonly field: TextField }
  /** The condition as a symbol (">" for gt); an unknown condition as itself. */
  | { readonly symbolOf: 'condition' }
  | { readonly state: { readonly firing: string; readonly resolved: string } }
  /** `then` only when the field is set (a non-empty string), or only for a resolved alert. */
  | { readonly when: TextField | 'resolved'; readonly then: readonly Piece[] };

export const CONDITION_SYMBOLS: Readonly<Record<string, string>> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=', ne: '≠' };

const text = (value: string): Piece => ({ text: value });
const field = (name: TextField): Piece => ({ field: name });
const line = (label: string, name: TextField): Piece => ({ when: name, then: [text(`\n${label}: `), field(name)] });

/** "[TRIGGERED] Minutes surge: 150 > 100 (region eu-west, project acme, high)". */
export const TITLE: readonly Piece[] = [
  text('['),
  { state: { firing: 'TRIGGERED', resolved: 'RESOLVED' } },
  text('] '),
  field('title'),
  { when: 'value', then: [text(': '), field('value'), { when: 'threshold', then: [text(' '), { symbolOf: 'condition' }, text(' '), field('threshold')] }] },
  text(' ('),
  { when: 'region', then: [text('region '), field('region'), text(', ')] },
  { when: 'project', then: [text('project '), field('project'), text(', ')] },
  field('severity'),
  text(')'),
];

/** The title, then the description and one line per fact the alert has. */
export const TEXT: readonly Piece[] = [
  ...TITLE,
  { when: 'description', then: [text('\n'), field('description')] },
  line('Region', 'region'),
  line('Project', 'project'),
  line('Started', 'startsAt'),
  { when: 'resolved', then: [line('Ended', 'endsAt')] },
  line('Dashboard', 'dashboardUrl'),
  line('Runbook', 'runbookUrl'),
];

import { parse } from 'yaml';
import { SEVERITIES, type Severity } from '../model/types';
import { renderAlertmanagerConfig } from './render-alertmanager-config';
import { severityInhibitions } from './severity-inhibitions';
import { goldenSpecs } from './testing/routing-specs';

const specs = goldenSpecs();

interface RenderedRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

function renderedRules(index: number): RenderedRule[] {
  const { spec } = specs[index];
  return parse(renderAlertmanagerConfig(spec, severityInhibitions(spec))).inhibit_rules;
}

/** The severities one severity matcher selects, evaluated the way Alertmanager does (anchored). */
function severitiesMatching(matchers: readonly string[]): Severity[] {
  expect(matchers).toHaveLength(1);
  const match = /^severity(=~|=)"([^"]*)"$/.exec(matchers[0]);
  if (match === null) throw new Error(`not a severity matcher: ${matchers[0]}`);
  const [, operator, value] = match;
  return SEVERITIES.filter((severity) => (operator === '=' ? severity === value : new RegExp(`^(?:${value})$`).test(severity)));
}

describe('severity inhibitions', () => {
  it('render for the default spec as one rule per muting severity, equal on alertname, region and project', () => {
    const equal = ['alertname', 'region', 'project'];
    expect(renderedRules(0)).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"high|medium|low|info"'], equal },
      { source_matchers: ['severity="high"'], target_matchers: ['severity=~"medium|low|info"'], equal },
      { source_matchers: ['severity="medium"'], target_matchers: ['severity=~"low|info"'], equal },
      { source_matchers: ['severity="low"'], target_matchers: ['severity="info"'], equal },
    ]);
  });

  it.each(specs.map((s, index) => [s.name, index] as const))(
    'in the %s spec let every severity mute exactly the lower ones, on the labels the spec lists',
    (_name, index) => {
      const pairs = renderedRules(index).flatMap((rule) => {
        expect(rule.equal).toEqual(specs[index].spec.inhibit_equal);
        return severitiesMatching(rule.source_matchers).flatMap((source) => severitiesMatching(rule.target_matchers).map((target) => `${source}>${target}`));
      });
      const expected = SEVERITIES.flatMap((higher, rank) => SEVERITIES.slice(rank + 1).map((lower) => `${higher}>${lower}`));
      expect(pairs.sort()).toEqual(expected.sort());
    },
  );

  it('never let a severity mute itself or a higher one', () => {
    for (const rule of renderedRules(0)) {
      const sources = severitiesMatching(rule.source_matchers);
      for (const target of severitiesMatching(rule.target_matchers)) {
        for (const source of sources) expect(SEVERITIES.indexOf(source)).toBeLessThan(SEVERITIES.indexOf(target));
      }
    }
  });
});

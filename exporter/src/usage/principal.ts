/**
 * Who is sending usage: a declared project (its own key writes only that project) or the
 * holder of the project-pattern key (writes undeclared projects whose id matches the pattern).
 */
import { keyMatches } from '../../../common/http/bearer-key';
import type { ProjectConfig, ProjectPattern, PulseConfig } from '../config/model';
import type { EventProblem } from './validate-batch';
import type { UsageEvent } from './types';

export type Principal = { readonly kind: 'project'; readonly project: ProjectConfig } | { readonly kind: 'pattern'; readonly pattern: ProjectPattern };

/** Compares the token with every configured key in constant time each. */
export function authenticate(config: PulseConfig, token: string): Principal | undefined {
  let found: Principal | undefined;
  for (const project of config.projects) {
    if (project.keySha256 && keyMatches(token, project.keySha256) && !found) found = { kind: 'project', project };
  }
  const pattern = config.projectPattern;
  if (pattern?.keySha256 && keyMatches(token, pattern.keySha256) && !found) found = { kind: 'pattern', pattern };
  return found;
}

/** Events the principal may not write, each named. */
export function forbiddenEvents(principal: Principal, events: readonly UsageEvent[], config: PulseConfig): EventProblem[] {
  const declared = new Set(config.projects.map((p) => p.id));
  const problems: EventProblem[] = [];
  events.forEach((event, index) => {
    const field = `events[${index}].project`;
    if (principal.kind === 'project') {
      if (event.project !== principal.project.id) problems.push({ field, message: `this key writes only project "${principal.project.id}" (got "${event.project}")` });
    } else if (declared.has(event.project)) {
      problems.push({ field, message: `declared projects send with their own key (got "${event.project}")` });
    } else if (!principal.pattern.regex.test(event.project)) {
      problems.push({ field, message: `does not match the allowed project pattern (got "${event.project}")` });
    }
  });
  return problems;
}

/** Projects a request counts against for rate limiting, and their limit per minute. */
export function rateLimitedProjects(principal: Principal, events: readonly UsageEvent[]): Array<{ project: string; perMinute: number }> {
  if (principal.kind === 'project') return [{ project: principal.project.id, perMinute: principal.project.rateLimitPerMinute }];
  return [...new Set(events.map((e) => e.project))].map((project) => ({ project, perMinute: principal.pattern.rateLimitPerMinute }));
}

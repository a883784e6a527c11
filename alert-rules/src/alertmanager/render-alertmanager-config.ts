/**
 * Routing spec + inhibitions → alertmanager.yml text. Deterministic: the same input gives the
 * same bytes (key order is the model's construction order), so the generated file diffs cleanly.
 * No header: the writer adds the "generated, do not edit" one.
 */
import { stringify } from 'yaml';
import type { Inhibition } from '../model/types';
import { buildAlertmanagerConfig } from './build-alertmanager-config';
import type { RoutingSpec } from './routing-spec-schema';

export function renderAlertmanagerConfig(spec: RoutingSpec, inhibitions: readonly Inhibition[]): string {
  // lineWidth 0: never fold a long matcher or URL over two lines.
  return stringify(buildAlertmanagerConfig(spec, inhibitions), { lineWidth: 0, indentSeq: true });
}

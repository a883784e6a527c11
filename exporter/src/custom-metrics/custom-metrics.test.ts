import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../common/log';
import { createPrometheusApi } from '../project-rules/prometheus-api';
import { createRuleFileWriter } from '../project-rules/rule-file-writer';
import { createProjectRuleSync } from '../project-rules/rule-sync';
import { createMemoryStore } from '../store/memory-store';
import { CUSTOM_METRICS_MAX_PER_PROJECT, createCustomMetrics, customMetricRuleSource } from './custom-metrics';
import type { CustomMetricFields } from './types';

const fields = (name: string): CustomMetricFields => ({
  name,
  description: '',
  metric_type: 'counter',
  aggregation: 'sum',
  query: { metric: 'api_requests', match: {}, by: [] },
  is_active: true,
});

describe('custom metrics of a project', () => {
  it(`holds ${CUSTOM_METRICS_MAX_PER_PROJECT} definitions, refuses the next without writing it, and writes every one into the project file`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-custom-metrics-'));
    const store = createMemoryStore();
    // Nothing listens on port 1: reloads fail, reported in each outcome, never thrown.
    const rules = createProjectRuleSync({ writer: createRuleFileWriter(dir), sources: [customMetricRuleSource(store)], prometheus: createPrometheusApi('http://127.0.0.1:1', 500), log: silentLogger() });
    const metrics = createCustomMetrics(store, rules);
    for (let i = 0; i < CUSTOM_METRICS_MAX_PER_PROJECT; i++) expect(await metrics.create('acme', fields(`m${i}`))).toMatchObject({ ok: true });
    const file = readFileSync(join(dir, 'project-acme.rules.yml'), 'utf8');
    expect(await metrics.create('acme', fields('one_more'))).toEqual({ ok: false, problem: 'limit' });
    expect(await metrics.list('acme')).toHaveLength(CUSTOM_METRICS_MAX_PER_PROJECT);
    expect(readFileSync(join(dir, 'project-acme.rules.yml'), 'utf8')).toBe(file);
    expect(file.match(/record: /g)).toHaveLength(CUSTOM_METRICS_MAX_PER_PROJECT);
    expect(await metrics.create('globex', fields('m0'))).toMatchObject({ ok: true });
  });
});

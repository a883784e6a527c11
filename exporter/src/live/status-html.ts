/**
 * The public status page (the original design's "Regions page"), a pure render: every region by
 * name and code with its health in colour and text, latency, a load bar and its failover order,
 * grouped by continent. Complete without JavaScript; the script only keeps it current over SSE.
 */
import type { RenderedRegion } from '../api/render-regions';
import { CONTINENTS, continentOf } from './continents';
import { STATUS_SCRIPT } from './status-script';

/** Text beside the colour, so health never rests on colour alone. */
export const HEALTH_LABELS: Readonly<Record<string, string>> = { healthy: '✓ Healthy', degraded: '! Degraded', down: '✕ Down', unknown: '? Unknown' };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;background:#fff}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc}
.health{display:inline-block;padding:.1rem .5rem;border-radius:.25rem;font-weight:600}
.health-healthy{background:#d4f4dd;color:#0b3d1b}
.health-degraded{background:#fff1c2;color:#4d3900}
.health-down{background:#c40018;color:#fff}
.health-unknown{background:#e6e6e6;color:#333}
meter{width:8rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
a:focus,meter:focus{outline:3px solid #1f4fd1}
`;

function row(region: RenderedRegion): string {
  const state = region.health_status;
  const latency = region.average_latency === null ? '—' : `${Math.round(region.average_latency)} ms`;
  const failover = region.failover_regions.length ? region.failover_regions.map(escapeHtml).join(' → ') : '—';
  return `<tr id="region-${escapeHtml(region.code)}" data-region="${escapeHtml(region.code)}">
<th scope="row">${escapeHtml(region.name)} <code>${escapeHtml(region.code)}</code></th>
<td><span class="health health-${escapeHtml(state)}" data-field="health">${HEALTH_LABELS[state] ?? escapeHtml(state)}</span></td>
<td data-field="latency">${latency}</td>
<td><meter min="0" max="100" value="${region.load_percentage}" data-field="load-bar" aria-label="load of ${escapeHtml(region.name)}"></meter> <span data-field="load">${region.load_percentage}%</span></td>
<td>${failover}</td>
</tr>`;
}

export function renderStatusPage(regions: readonly RenderedRegion[], generatedAtMs: number, scriptNonce: string): string {
  const healthy = regions.filter((r) => r.health_status === 'healthy').length;
  const sections = CONTINENTS.map((continent) => {
    const members = regions.filter((r) => continentOf(r.latitude, r.longitude) === continent);
    if (members.length === 0) return '';
    const sorted = [...members].sort((a, b) => a.priority - b.priority || a.code.localeCompare(b.code));
    return `<section aria-labelledby="c-${continent.replace(/\s/g, '-')}"><h2 id="c-${continent.replace(/\s/g, '-')}">${continent}</h2>
<table><caption>Regions in ${continent}</caption>
<thead><tr><th scope="col">Region</th><th scope="col">Health</th><th scope="col">Latency</th><th scope="col">Load</th><th scope="col">Failover order</th></tr></thead>
<tbody>${sorted.map(row).join('\n')}</tbody></table></section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pulse status</title><style>${STYLE}</style></head>
<body><main>
<h1>Pulse status</h1>
<p id="summary">${healthy} of ${regions.length} regions healthy. As of <time datetime="${new Date(generatedAtMs).toISOString()}">${new Date(generatedAtMs).toISOString()}</time>.</p>
<p id="live-note"><noscript>This page is current as of loading; reload it to refresh.</noscript></p>
<p id="announcer" aria-live="polite" class="visually-hidden"></p>
${sections}
</main>
<script nonce="${scriptNonce}">${STATUS_SCRIPT}</script>
</body></html>`;
}

/**
 * The status page's only script: follows region health over SSE (public, no key) and updates the
 * server-rendered rows in place, announcing each change to screen readers.
 */
export const STATUS_SCRIPT = `
(function () {
  var labels = { healthy: '\\u2713 Healthy', degraded: '! Degraded', down: '\\u2715 Down', unknown: '? Unknown' };
  var note = document.getElementById('live-note');
  var announcer = document.getElementById('announcer');
  if (!window.EventSource) return;
  var source = new EventSource('/api/v1/analytics/events?streams=regions');
  source.onopen = function () { note.textContent = 'Updating live.'; };
  source.onerror = function () { note.textContent = 'Live updates interrupted; retrying.'; };
  source.addEventListener('regionHealth', function (message) {
    var region = JSON.parse(message.data).data;
    var row = document.getElementById('region-' + region.code);
    if (!row) return;
    var health = row.querySelector('[data-field="health"]');
    health.className = 'health health-' + region.health_status;
    health.textContent = labels[region.health_status] || region.health_status;
    row.querySelector('[data-field="latency"]').textContent = region.average_latency === null ? '\\u2014' : Math.round(region.average_latency) + ' ms';
    row.querySelector('[data-field="load-bar"]').value = region.load_percentage;
    row.querySelector('[data-field="load"]').textContent = region.load_percentage + '%';
    announcer.textContent = region.name + ' is now ' + region.health_status + '.';
    var rows = document.querySelectorAll('[data-region] [data-field="health"]');
    var healthy = 0;
    rows.forEach(function (cell) { if (cell.classList.contains('health-healthy')) healthy++; });
    document.getElementById('summary').firstChild.textContent = healthy + ' of ' + rows.length + ' regions healthy. As of ';
    document.querySelector('#summary time').textContent = new Date().toISOString();
  });
})();
`;

import { withUnitSuffixes } from './unit-suffixes';

const input = `# HELP http_server_request_duration Duration of HTTP server requests.
# UNIT http_server_request_duration s
# TYPE http_server_request_duration histogram
http_server_request_duration_count{method="GET"} 1
http_server_request_duration_sum{method="GET"} 0.003
http_server_request_duration_bucket{method="GET",le="0.005"} 1
# HELP nodejs_eventloop_time_total Cumulative duration of time the event loop has been in each state.
# UNIT nodejs_eventloop_time_total s
# TYPE nodejs_eventloop_time_total counter
nodejs_eventloop_time_total{state="idle"} 3.4
# UNIT v8js_memory_heap_used By
# TYPE v8js_memory_heap_used gauge
v8js_memory_heap_used{space="old"} 100
# UNIT v8js_resource_active {resource}
# TYPE v8js_resource_active gauge
v8js_resource_active{type="Timeout"} 8`;

describe('adding unit suffixes to OpenTelemetry output', () => {
  const output = withUnitSuffixes(input);

  it('renames every series of a histogram in seconds', () => {
    expect(output).toContain('# HELP http_server_request_duration_seconds Duration of HTTP server requests.');
    expect(output).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(output).toContain('http_server_request_duration_seconds_count{method="GET"} 1');
    expect(output).toContain('http_server_request_duration_seconds_sum{method="GET"} 0.003');
    expect(output).toContain('http_server_request_duration_seconds_bucket{method="GET",le="0.005"} 1');
  });

  it('keeps _total last on counters and adds _bytes to sizes', () => {
    expect(output).toContain('nodejs_eventloop_time_seconds_total{state="idle"} 3.4');
    expect(output).toContain('# TYPE nodejs_eventloop_time_seconds_total counter');
    expect(output).toContain('v8js_memory_heap_used_bytes{space="old"} 100');
  });

  it('drops UNIT lines and leaves metrics with other units alone', () => {
    expect(output).not.toContain('# UNIT');
    expect(output).toContain('v8js_resource_active{type="Timeout"} 8');
  });
});

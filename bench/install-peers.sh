#!/usr/bin/env bash
# Installs the Debian packages the benchmarks run, only where missing: the peers Pulse is measured
# against (blackbox_exporter, pushgateway, redis-benchmark/redis-cli) and the parts the
# time-to-notify section starts (redis-server, Prometheus, Alertmanager).
set -euo pipefail
exec bash "$(dirname "$0")/../scripts/install-system-deps.sh" \
  prometheus-blackbox-exporter=prometheus-blackbox-exporter prometheus-pushgateway=prometheus-pushgateway \
  redis-benchmark=redis-tools redis-cli=redis-tools redis-server=redis-server prometheus=prometheus \
  prometheus-alertmanager=prometheus-alertmanager

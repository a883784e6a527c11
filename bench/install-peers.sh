#!/usr/bin/env bash
# Installs the Debian packages the benchmarks run, only where missing: the peers Pulse is measured
# against (blackbox_exporter, pushgateway, redis-benchmark/redis-cli) and the parts the
# time-to-notify section starts (redis-server, Prometheus, Alertmanager).
# Needs root for apt-get; without root it fails naming what is missing.
set -euo pipefail

# binary → Debian package that ships it
declare -A PACKAGE_OF=(
  [prometheus-blackbox-exporter]=prometheus-blackbox-exporter
  [prometheus-pushgateway]=prometheus-pushgateway
  [redis-benchmark]=redis-tools
  [redis-cli]=redis-tools
  [redis-server]=redis-server
  [prometheus]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
)

missing=()
for bin in "${!PACKAGE_OF[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$bin]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "bench/install-peers: missing Debian packages: ${packages[*]}" >&2
  echo "bench/install-peers: run as root, or: sudo apt-get install ${packages[*]}" >&2
  exit 1
fi

echo "bench/install-peers: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# Debian starts the services it installs on their default ports; the benchmarks start their own
# on free loopback ports, and a running default instance would only take CPU from the figures.
for service in prometheus-blackbox-exporter prometheus-pushgateway redis-server prometheus prometheus-alertmanager; do
  (systemctl stop "$service" || service "$service" stop) >/dev/null 2>&1 || true
done
exit 0

#!/usr/bin/env bash
# Installs Debian packages only where their binaries are missing. With no arguments: what the
# tests talk to (real Redis, Prometheus + promtool, Alertmanager + amtool, docker-compose for
# validating the compose file). Arguments name other binary=package pairs (the benchmarks' peers).
# Needs root for apt-get; without root it fails naming what is missing.
set -euo pipefail

# binary → Debian package that ships it
declare -A PACKAGE_OF=()
if [ $# -eq 0 ]; then
  set -- redis-server=redis-server redis-cli=redis-tools prometheus=prometheus promtool=prometheus \
    prometheus-alertmanager=prometheus-alertmanager amtool=prometheus-alertmanager docker-compose=docker-compose chromium=chromium victoria-metrics=victoria-metrics curl=curl
fi
for pair in "$@"; do
  PACKAGE_OF[${pair%%=*}]=${pair#*=}
done

missing=()
for bin in "${!PACKAGE_OF[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$bin]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: missing Debian packages: ${packages[*]}" >&2
  echo "install-system-deps: run as root, or: sudo apt-get install ${packages[*]}" >&2
  exit 1
fi

echo "install-system-deps: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# Debian starts the services it installs on their default ports; the tests and benchmarks start
# their own on free loopback ports, and a default instance would only hold ports and CPU.
for service in "${packages[@]}"; do
  (systemctl stop "$service" || service "$service" stop) >/dev/null 2>&1 || true
done
exit 0

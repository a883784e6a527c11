#!/usr/bin/env bash
# Fails on any import cycle in the TypeScript sources of every component that exists.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=()
for dir in common exporter export demo scripts alert-rules forecaster grafana bench; do
  [ -d "$dir" ] && dirs+=("$dir")
done
exec npx madge --circular --extensions ts --ts-config tsconfig.json "${dirs[@]}"

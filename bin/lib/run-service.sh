# Sourced by the bin/ commands: run_service <source path without extension> [args…] replaces the
# shell with one Node process (so signals such as SIGHUP and SIGTERM reach the service itself)
# running either the compiled JavaScript in dist/ (PULSE_DIST=1: the Docker image builds it
# with `npm run build` and sets it) or the TypeScript sources through tsx's loader. tsx is named
# by its path, so the commands work from any directory.
# Flags for Node itself, given in both modes: a command's own node_flags=(…), set before sourcing
# this, then PULSE_NODE_FLAGS (split on spaces), for V8 flags NODE_OPTIONS refuses, such as
# --optimize-for-size (see the README: the exporter's small-footprint mode).
# shellcheck disable=SC2206
node_flags=("${node_flags[@]}" ${PULSE_NODE_FLAGS:-})
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"

run_service() {
  local source="$1"
  if [ "${PULSE_DIST:-}" = 1 ]; then
    shift
    if [ ! -f "$root/dist/$source.js" ]; then
      printf '%s: PULSE_DIST=1 but %s is missing: run `npm run build` first\n' "$(basename "$0")" "dist/$source.js" >&2
      exit 2
    fi
    exec node "${node_flags[@]}" "$root/dist/$source.js" "$@"
  fi
  run_typescript "$@"
}

# run_typescript <source path without extension> [args…]: always the sources, through tsx (tools
# that read files beside their sources, such as pulse-rules, are not compiled).
run_typescript() {
  local source="$1"
  shift
  exec node "${node_flags[@]}" --import "file://$root/node_modules/tsx/dist/loader.mjs" "$root/$source.ts" "$@"
}

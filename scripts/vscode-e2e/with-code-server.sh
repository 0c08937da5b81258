#!/usr/bin/env bash
# Starts a fresh code-server (a real VS Code 1.100.3: server + web workbench + Node extension host) on a
# free 127.0.0.1 port, with fresh user-data/extensions dirs and a fresh copy of a workspace folder, runs a
# Playwright driver against it, and stops code-server (and everything under it: extension hosts, our
# language server, file watchers) by process group at the end.
#
#   usage: with-code-server.sh DRIVER.cjs [args...]
#
#   E2E_HOME  where install.sh put code-server   (default <repo>/.e2e)
#   WS_SRC    folder copied as the workspace     (default test/vscode/fixtures/workspace)
#   EXT_DEV   extension under development        (default: the repo root)
#   VSIX      a packaged extension to install into the fresh extensions dir first (code-server
#             --install-extension); the driver then loads the workbench without EXT_DEV
#   PORT      port on 127.0.0.1                  (default: a free one)
#   KEEP=1    leave code-server running afterwards (prints the URL and how to stop it)
#   KEEP_RUN=1  keep the run dir (logs, profile, workspace copy) even when the driver succeeds
#
# The driver gets CS_URL, WS, RUN, EXT_DEV, EXT_DIR, REPO and SUMMARY_FILE in its environment. If it writes a line
# to SUMMARY_FILE (e.g. "3 passed, 0 failed"), that line is printed last, after the logs.
set -euo pipefail
# shellcheck source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
WS_SRC="${WS_SRC:-$REPO/test/vscode/fixtures/workspace}"
EXT_DEV="${EXT_DEV:-$REPO}"
DRIVER="${1:?usage: with-code-server.sh DRIVER.cjs [args...]}"; shift
[ -x "$CS_BIN" ] || { echo "code-server is not installed in $E2E_HOME: run scripts/vscode-e2e/install.sh" >&2; exit 2; }
PORT="${PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/cpslint-vscode.XXXXXX")"
T0=$(date +%s)

mkdir -p "$RUN/ud/User" "$RUN/ext" "$RUN/ws"
cp -R "$WS_SRC/." "$RUN/ws/"
cp "$HERE/settings.json" "$RUN/ud/User/settings.json"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
if [ -n "${VSIX:-}" ]; then
  [ -f "$VSIX" ] || { echo "vscode-e2e: VSIX=$VSIX does not exist (npm run package)" >&2; exit 2; }
  EXTENSIONS_GALLERY='{}' "$CS_BIN" --config "$RUN/config.yaml" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" \
    --install-extension "$VSIX" > "$RUN/install-extension.log" 2>&1 \
    || { cat "$RUN/install-extension.log"; echo "vscode-e2e: installing $VSIX failed" >&2; exit 1; }
  echo "vscode-e2e: installed $(basename "$VSIX") into $RUN/ext: $(cd "$RUN/ext" && ls -d -- */ | tr -d / | tr '\n' ' ')"
fi

# EXTENSIONS_GALLERY='{}' drops code-server's default gallery (open-vsx.org): nothing asks it for updates
# or recommendations. setsid makes code-server the leader of its own process group (no job control here,
# so setsid execs in place and $! is that group's id).
EXTENSIONS_GALLERY='{}' setsid "$CS_BIN" --config "$RUN/config.yaml" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" \
  --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  "$RUN/ws" > "$RUN/code-server.log" 2>&1 &
CS_PGID=$!
RC=1
cleanup() {
  if [ -n "${KEEP:-}" ]; then
    echo "KEEP=1: code-server still running at http://127.0.0.1:$PORT/?folder=$RUN/ws ; stop it with: kill -- -$CS_PGID"
    return
  fi
  kill -TERM -- "-$CS_PGID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 -- "-$CS_PGID" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$CS_PGID" 2>/dev/null || true
  # A successful run leaves nothing behind; a failed one keeps its logs.
  if [ "$RC" = 0 ] && [ -z "${KEEP_RUN:-}" ]; then rm -rf "$RUN"; fi
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  node -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))' \
    "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PGID" 2>/dev/null || { cat "$RUN/code-server.log"; echo "code-server died" >&2; exit 1; }
  sleep 0.5
done
T1=$(date +%s)
echo "vscode-e2e: code-server up on 127.0.0.1:$PORT (pgid $CS_PGID) in $((T1-T0))s; run dir $RUN"

set +e
CS_URL="http://127.0.0.1:$PORT" WS="$RUN/ws" RUN="$RUN" EXT_DEV="$EXT_DEV" EXT_DIR="$RUN/ext" REPO="$REPO" SUMMARY_FILE="$RUN/summary.txt" \
  node "$DRIVER" "$@"
RC=$?
set -e
T2=$(date +%s)
# VS Code writes the extension's output channel ("cpslint", with the LSP trace) to disk.
if [ "$RC" != 0 ] || [ -n "${VERBOSE:-}" ]; then
  find "$RUN/ud/logs" -path '*exthost*' \( -path '*/cpslint.cpslint/*' -o -name 'remoteexthost.log' \) -name '*.log' 2>/dev/null \
    | sort | while read -r f; do echo "--- ${f#"$RUN"/} (last 40 lines)"; tail -n 40 "$f"; done || true
fi
if [ "$RC" = 0 ] && [ -z "${KEEP_RUN:-}${KEEP:-}" ]; then where="(run dir removed; KEEP_RUN=1 keeps it)"; else where="logs in $RUN"; fi
echo "vscode-e2e: driver $((T2-T1))s, total $((T2-T0))s, rc=$RC; $where"
[ -s "$RUN/summary.txt" ] && tail -n 1 "$RUN/summary.txt"
exit $RC

#!/usr/bin/env bash
# Browser-level test of the packaged extension: installs the .vsix (default <repo>/cpslint.vsix, made by
# `npm run package`) into a fresh code-server with `--install-extension`, opens a copy of examples/ and
# drives the workbench UI (browser-test.cjs). Needs install.sh. Prints "N passed, N failed[, N skipped]" last.
#   VSIX     the package to test            OUT_DIR  where the screenshots go (default: the run dir)
#   plus the variables of with-code-server.sh (E2E_HOME, PORT, KEEP, KEEP_RUN, VERBOSE)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export VSIX="${VSIX:-$REPO/cpslint.vsix}"
export WS_SRC="${WS_SRC:-$REPO/examples}"
[ -f "$VSIX" ] || { echo "vscode-e2e: $VSIX is missing: run npm run package" >&2; exit 2; }
echo "vscode-e2e: testing $VSIX ($(du -k "$VSIX" | cut -f1) KB)"
exec "$HERE/with-code-server.sh" "$HERE/browser-test.cjs" "$@"

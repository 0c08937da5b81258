#!/usr/bin/env bash
# Documentation screenshot docs/images/hover.png taken in a real VS Code
# (code-server) with this repository as the extension under development. Opens examples/example-ca-cps.md,
# or the in-editor test fixture if the example is not there. Needs `npm run build` and install.sh.
#   OUT_DIR (default <repo>/docs/images), plus the variables of with-code-server.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
if [ -f "$REPO/examples/example-ca-cps.md" ]; then
  export WS_SRC="${WS_SRC:-$REPO/examples}" MD_FILE="${MD_FILE:-example-ca-cps.md}"
else
  echo "vscode-e2e: examples/example-ca-cps.md not found; using the test fixture" >&2
  export WS_SRC="${WS_SRC:-$REPO/test/vscode/fixtures/workspace}" MD_FILE="${MD_FILE:-sample-cps.md}"
fi
exec "$HERE/with-code-server.sh" "$HERE/screenshots.cjs" "$@"

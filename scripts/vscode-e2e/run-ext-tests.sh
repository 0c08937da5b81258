#!/usr/bin/env bash
# In-editor tests (test/vscode/*.test.ts, mocha inside the real extension host, like @vscode/test-electron)
# against a fresh code-server, with this repository loaded as the extension under development.
# Needs `npm run build` (dist/client.js, dist/server.js, out/vscode-test/) and scripts/vscode-e2e/install.sh.
# Prints mocha's output and, last, "N passed, N failed"; exits non-zero if a test fails.
#
#   EXT_TESTS              tests module (default <repo>/out/vscode-test/index.js)
#   CPSLINT_TEST_GREP      only run tests whose title matches
#   TEST_TIMEOUT_S         give up after this many seconds (default 300)
#   plus the variables of with-code-server.sh (E2E_HOME, WS_SRC, EXT_DEV, PORT, KEEP, VERBOSE)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
EXT_DEV="${EXT_DEV:-$REPO}"
for f in "$EXT_DEV/dist/client.js" "$EXT_DEV/dist/server.js" "${EXT_TESTS:-$REPO/out/vscode-test/index.js}"; do
  [ -f "$f" ] || echo "vscode-e2e: warning: $f is missing (run npm run build)" >&2
done
exec "$HERE/with-code-server.sh" "$HERE/run-ext-tests.cjs" "$@"

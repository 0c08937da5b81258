# Sourced by the scripts in this folder: where the repository and the installed code-server are.
#   E2E_HOME  where install.sh puts code-server (default <repo>/.e2e, git-ignored; relative to the repo)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
E2E_HOME="${E2E_HOME:-$REPO/.e2e}"
case "$E2E_HOME" in /*) ;; *) E2E_HOME="$REPO/$E2E_HOME" ;; esac
CS_PREFIX="$E2E_HOME/code-server"
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"

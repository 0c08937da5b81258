#!/usr/bin/env bash
# Installs what the in-editor tests need, on a machine that reaches only the npm registry and Debian's
# apt repositories: a real VS Code (code-server = VS Code 1.100.3 server + web workbench, Node extension
# host) and Debian's Chromium, driven headless by playwright-core (a devDependency of this project).
#
#   E2E_HOME    where code-server goes              (default: <repo>/.e2e, git-ignored)
#   CS_VERSION  code-server version                 (default 4.100.3: the newest whose engines.node is 20;
#               4.103.2 and later need Node 22)
#   SKIP_APT=1  skip apt-get (packages already there)
#
# Idempotent: every step is skipped when its result is already there, so CI can call it before each run.
# Needs root for apt-get. code-server's postinstall refuses root unless npm_config_unsafe_perm=true (set below).
set -euo pipefail
# shellcheck source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
CS_VERSION="${CS_VERSION:-4.100.3}"
VSCODE_DIR="$CS_PREFIX/node_modules/code-server/lib/vscode"
ts() { date +%s; }
T0=$(ts)
log() { echo "vscode-e2e/install: $*"; }

# --- 1. Debian packages --------------------------------------------------------------------------
# chromium: the browser playwright-core drives (Playwright's own browser download cannot work offline).
# libkrb5-dev: headers for the 'kerberos' native module VS Code builds (gssapi/gssapi.h).
# ripgrep: stands in for the rg binary that @vscode/ripgrep's postinstall would download from GitHub.
# pkg-config/make/g++/python3: node-gyp for VS Code's native modules (node-pty, spdlog, kerberos, ...).
if [ -z "${SKIP_APT:-}" ]; then
  need=()
  for p in chromium libkrb5-dev ripgrep pkg-config make g++; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  command -v python3 >/dev/null || need+=(python3)
  if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
T1=$(ts); log "apt $((T1-T0))s"

# --- 2. code-server from npm ----------------------------------------------------------------------
if [ -x "$CS_BIN" ] && [ -x "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg" ] \
   && [ -f "$VSCODE_DIR/node_modules/node-pty/build/Release/pty.node" ] \
   && "$CS_BIN" --config /dev/null --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  log "code-server $CS_VERSION already in $CS_PREFIX"
else
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  want_major=$(npm view "code-server@$CS_VERSION" engines.node 2>/dev/null | tr -dc '0-9' || true)
  if [ -n "$want_major" ] && [ "$node_major" != "$want_major" ]; then
    echo "code-server@$CS_VERSION wants Node $want_major, this is Node $node_major: pick another CS_VERSION" >&2
    exit 1
  fi
  mkdir -p "$CS_PREFIX"
  [ -f "$CS_PREFIX/package.json" ] || echo '{"name":"cpslint-e2e-code-server","private":true}' > "$CS_PREFIX/package.json"
  # Phase A: unpack without running install scripts, so the exact @vscode/ripgrep version can be read.
  npm install --prefix "$CS_PREFIX" --no-audit --no-fund --loglevel=error --ignore-scripts --save-exact "code-server@$CS_VERSION"
  SHRINK="$VSCODE_DIR/npm-shrinkwrap.json"
  RG_PKG_VERSION=$(node -e 'const s=require(process.argv[1]);console.log(s.packages["node_modules/@vscode/ripgrep"].version)' "$SHRINK")
  # Read which ripgrep release that @vscode/ripgrep's postinstall downloads.
  RG_TMP=$(mktemp -d)
  (cd "$RG_TMP" && npm pack --silent "@vscode/ripgrep@$RG_PKG_VERSION" >/dev/null 2>&1 && tar xzf vscode-ripgrep-*.tgz)
  RG_RELEASE=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$RG_TMP/package/lib/postinstall.js")
  rm -rf "$RG_TMP"
  [ -n "$RG_RELEASE" ] || { echo "could not read the ripgrep release of @vscode/ripgrep@$RG_PKG_VERSION" >&2; exit 1; }
  # Seed @vscode/ripgrep's download cache (os.tmpdir()/vscode-ripgrep-cache-<pkgver>/ripgrep-<rel>-<target>.tar.gz)
  # with Debian's rg, so its postinstall "uses cached download" instead of calling api.github.com.
  CACHE_DIR="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$CACHE_DIR"
  RG_TAR="$CACHE_DIR/ripgrep-$RG_RELEASE-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_TAR" ]; then
    D=$(mktemp -d); cp "$(command -v rg)" "$D/rg"; tar czf "$RG_TAR" -C "$D" rg; rm -rf "$D"
  fi
  log "seeded $RG_TAR (Debian rg $(rg --version | head -1 | cut -d' ' -f2)) for @vscode/ripgrep@$RG_PKG_VERSION"
  # Phase B: run the install scripts (code-server's postinstall runs npm install in lib/vscode and builds
  # the native modules with node-gyp).
  #  - npm_config_unsafe_perm=true: the postinstall exits as root without it (npm 11 dropped the option,
  #    the script only reads the env var).
  #  - npm_config_yes=true: node-pty's post-install runs `npx node-gyp`, which a `yes=false` in ~/.npmrc cancels.
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm rebuild --prefix "$CS_PREFIX" --no-audit --no-fund --loglevel=error --foreground-scripts=false
  test -x "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg"
  test -f "$VSCODE_DIR/node_modules/node-pty/build/Release/pty.node"
fi
"$CS_BIN" --config /dev/null --version | head -1
T2=$(ts); log "code-server $((T2-T1))s"

# --- 3. playwright-core: the project's devDependency (driver only, no browser download) --------------
want_pw=$(node -p "require('$REPO/package.json').devDependencies['playwright-core'] || ''")
have_pw=$(cd "$REPO" && node -p "try{require('playwright-core/package.json').version}catch{''}")
if [ -z "$have_pw" ] || { [ -n "$want_pw" ] && [ "$have_pw" != "$want_pw" ]; }; then
  log "installing the project's devDependencies (playwright-core $want_pw)"
  (cd "$REPO" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error)
  have_pw=$(cd "$REPO" && node -p "require('playwright-core/package.json').version")
fi
T3=$(ts); log "playwright-core $have_pw $((T3-T2))s"
/usr/bin/chromium --version 2>/dev/null || { echo "chromium missing: run without SKIP_APT" >&2; exit 1; }
log "total $((T3-T0))s; code-server in $CS_PREFIX ($(du -sh "$CS_PREFIX" | cut -f1))"

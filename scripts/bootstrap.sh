#!/usr/bin/env bash
# Installs what `npm start` / `npm test` need and is missing: Debian packages (PostgreSQL, Redis,
# pgBackRest (the second backup engine, and the benchmark's peer), Chromium for the browser
# tests), npm dependencies, the generated Prisma client. Idempotent and quiet when everything is already there.
# Usage: bootstrap.sh [--test | --bench]
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--test" ] && want_browser=1

say() { printf 'wayback: %s\n' "$*"; }
die() { printf 'wayback: %s\n' "$*" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js 20 or newer is needed (found $(node --version))."

# --- Debian packages -------------------------------------------------------------------------
missing=()
command -v zstd >/dev/null 2>&1 || missing+=(zstd)
command -v lz4 >/dev/null 2>&1 || missing+=(lz4)
pg_bin_root=${WAYBACK_PG_BIN_ROOT:-/usr/lib/postgresql}
if ! ls "$pg_bin_root"/*/bin/pg_ctl >/dev/null 2>&1; then missing+=(postgresql postgresql-contrib); fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
# pgBackRest clusters (decision 0029) back up with it: start, tests and bench all need it.
command -v pgbackrest >/dev/null 2>&1 || missing+=(pgbackrest)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing system packages: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run this again."
  fi
  # Wayback runs its own PostgreSQL instances; Debian's default "main" cluster would only sit
  # on port 5432 unused.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/wayback.conf
  fi
  say "installing ${missing[*]} (apt-get, about 1–3 minutes)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# initdb and postgres refuse to run as root; the server user must exist.
pg_user=${WAYBACK_PG_OS_USER:-postgres}
if [ "$(id -u)" = 0 ] && ! id "$pg_user" >/dev/null 2>&1; then
  say "creating the OS user $pg_user to run PostgreSQL servers"
  useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin "$pg_user"
fi
# The embedded catalog runs as a user of its own, so that the superuser of a restored copy (which
# runs as $pg_user) cannot read or rewrite the catalog's files (docs/decisions/0011).
catalog_user=${WAYBACK_CATALOG_OS_USER:-wayback-catalog}
if [ "$(id -u)" = 0 ] && ! id "$catalog_user" >/dev/null 2>&1; then
  say "creating the OS user $catalog_user to run the embedded catalog"
  useradd --system --user-group --home-dir /var/lib/wayback-catalog --shell /usr/sbin/nologin "$catalog_user"
fi

# --- npm dependencies ------------------------------------------------------------------------
if [ -L node_modules ]; then
  # npm ci empties node_modules first: through a link it would empty the checkout the link
  # points at, under everything running from there.
  say "node_modules links to $(readlink -f node_modules): using it as it is (run npm ci there when dependencies change)"
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci, about 1–2 minutes)…"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

# --- generated Prisma client -----------------------------------------------------------------
# generate only reads the schema; the schema engine it tries to download first is never used.
if [ ! -f lib/db/generated/client.ts ] || [ prisma/schema.prisma -nt lib/db/generated/client.ts ]; then
  say "generating the Prisma client (a few seconds)…"
  PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_HIDE_UPDATE_MESSAGE=1 npx --no-install prisma generate >/dev/null
  touch lib/db/generated/client.ts
fi

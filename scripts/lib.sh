# Shared set-up for scripts/demo, scripts/test and scripts/bench. Sourced.
# Makes sure PostgreSQL with PostGIS runs, installing Debian packages when we
# are root on Debian, and says exactly what is missing otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "missing: $* (install the Debian packages: apt-get install $*)"
  fi
  if [ $apt_updated = 0 ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt_updated=1
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

ensure_postgres() {
  command -v psql >/dev/null || apt_install postgresql-client
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null; then
      local ver; ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
      [ -n "$ver" ] || die "PostgreSQL is not installed (apt-get install postgresql postgresql-15-postgis-3)"
      log "starting PostgreSQL $ver"
      pg_ctlcluster --skip-systemctl-redirect "$ver" main start || die "could not start PostgreSQL $ver"
      for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
    fi
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "PostgreSQL does not answer on $PGHOST:$PGPORT"
  fi
  local has_postgis
  has_postgis=$(psql -Atqc "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'" postgres) \
    || die "cannot log in to PostgreSQL as $PGUSER on $PGHOST:$PGPORT"
  if [ "$has_postgis" = 0 ]; then
    local major; major=$(psql -Atqc "SHOW server_version_num" postgres | cut -c1-2)
    apt_install "postgresql-$major-postgis-3"
  fi
}

# as_pg CMD...: runs CMD as `postgres` when we are root (PostgreSQL's
# server programs refuse to run as root), else as ourselves.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# pg_bindir: the directory of the newest installed PostgreSQL's server
# programs (initdb, pg_ctl).
pg_bindir() {
  local dir
  dir=$(pg_config --bindir 2>/dev/null || true)
  [ -x "$dir/pg_ctl" ] || dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$dir/pg_ctl" ] || die "pg_ctl not found (install the PostgreSQL server package)"
  echo "$dir"
}

# ensure_test_cluster: a PostgreSQL server of the tests' own, and PGHOST,
# PGPORT and PGUSER pointed at it. Its data lives in memory (/dev/shm) and it
# runs without fsync, with PostGIS loaded once in the postmaster: every test
# creates and drops a database of its own and opens a few connections, and
# on the shared cluster that was half of a test run's CPU (ext4 inode work
# for the database files, every new backend loading PostGIS, PROJ and
# GEOS). A crash loses nothing worth keeping: the tests make their data.
# It is left running for the next run, like the main cluster, and made
# again when /dev/shm was emptied (a reboot). HAARVATEN_TEST_CLUSTER=0 runs
# the tests on PGHOST:PGPORT instead; HAARVATEN_TEST_PGPORT and
# HAARVATEN_TEST_PGDATA choose the port (5439) and the data directory.
# Where /dev/shm has less than 2 GB free (a container may give it 64 MB),
# the data goes to /var/tmp instead: on disk, but still without fsync.
ensure_test_cluster() {
  [ "${HAARVATEN_TEST_CLUSTER:-1}" = 0 ] && return 0
  local port=${HAARVATEN_TEST_PGPORT:-5439}
  local data=${HAARVATEN_TEST_PGDATA:-}
  if [ -z "$data" ]; then
    local free_kb
    free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
    if [ "${free_kb:-0}" -ge 2097152 ]; then
      data=/dev/shm/haarvaten-test-pg-$(id -u)
    else
      data=/var/tmp/haarvaten-test-pg-$(id -u)
    fi
  fi
  local bindir; bindir=$(pg_bindir)
  if pg_isready -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
    local theirs
    theirs=$(psql -h 127.0.0.1 -p "$port" -U postgres -Atqc 'SHOW data_directory' postgres 2>/dev/null || true)
    [ "$theirs" = "$data" ] \
      || die "port $port is taken by another server (${theirs:-unknown}); set HAARVATEN_TEST_PGPORT"
  else
    if [ ! -f "$data/PG_VERSION" ]; then
      log "test cluster: initdb in $data"
      rm -rf "$data"
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres "$data"
      chmod 700 "$data"
      # The main cluster's encoding and locale, so sorting is the same.
      as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
        || { cat "$data.initdb.log" >&2; die "initdb of the test cluster failed"; }
      as_pg sh -c "cat >>'$data/postgresql.conf' <<CONF
# scripts/lib.sh ensure_test_cluster: a throwaway server for the tests.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 200
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 30min
shared_preload_libraries = 'postgis-3'
jit = off
timezone = 'Etc/UTC'
datestyle = 'iso, mdy'
default_text_search_config = 'pg_catalog.english'
CONF"
    fi
    log "test cluster: starting on port $port"
    as_pg "$bindir/pg_ctl" -D "$data" -l "$data.log" -w -t 60 start >/dev/null \
      || { tail -20 "$data.log" >&2; die "the test cluster did not start (log: $data.log)"; }
  fi
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
}

# ensure_test_template BIN: template1 of the cluster the tests use holds
# the extensions and every migration, so each database #[sqlx::test]
# creates (a copy of template1) starts migrated: sqlx's migrator then only
# checks the applied list against the code instead of running every
# migration again, which was a third of PostgreSQL's work in a test run.
# BIN (`haarvaten migrate`) applies the migrations. A comment on template1
# names a hash of migrations/; when it differs (a migration was added or
# edited), template1 is made again from template0 first, so no database
# is created with a stale schema. Side effect: new databases of that
# cluster start with Haarvaten's schema; `haarvaten` finds it migrated.
# HAARVATEN_TEST_TEMPLATE=0 leaves template1 alone (every test then runs
# every migration).
ensure_test_template() {
  [ "${HAARVATEN_TEST_TEMPLATE:-1}" = 0 ] && return 0
  local bin=$1 want have
  want="haarvaten migrations $(cd "$ROOT/migrations" && sha256sum -- *.sql | sha256sum | cut -c1-32)"
  have=$(psql -Atq -d postgres -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'template1'")
  [ "$have" = "$want" ] && return 0
  local migrated
  migrated=$(psql -Atq -d template1 -c "SELECT to_regclass('public._sqlx_migrations') IS NOT NULL")
  if [ "$migrated" = t ]; then
    log "migrations changed: making template1 again from template0"
    psql -Atq -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL' || die "could not make template1 again on $PGHOST:$PGPORT"
SELECT format('CREATE DATABASE template1 TEMPLATE template0 IS_TEMPLATE true ENCODING %L LC_COLLATE %L LC_CTYPE %L',
              pg_encoding_to_char(encoding), datcollate, datctype) AS create_again
FROM pg_database WHERE datname = 'template1' \gset
ALTER DATABASE template1 IS_TEMPLATE false;
DROP DATABASE template1;
:create_again;
SQL
  fi
  PGOPTIONS='-c client_min_messages=warning' psql -Atq -v ON_ERROR_STOP=1 -d template1 \
    -c 'CREATE EXTENSION IF NOT EXISTS postgis' \
    -c 'CREATE EXTENSION IF NOT EXISTS unaccent' \
    -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' >/dev/null \
    || die "could not add PostGIS to template1 on $PGHOST:$PGPORT (set HAARVATEN_TEST_TEMPLATE=0 to skip)"
  DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/template1" RUST_LOG=warn "$bin" migrate \
    || die "could not migrate template1 on $PGHOST:$PGPORT (set HAARVATEN_TEST_TEMPLATE=0 to skip)"
  psql -Atq -v ON_ERROR_STOP=1 -d postgres -c "COMMENT ON DATABASE template1 IS '$want'" >/dev/null
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then apt_install chromium; fi
}

# The SMTP server of the mail tests (tests/support/smtp_sink.py) runs on
# Debian's Python with python3-aiosmtpd; the tests find it at
# HAARVATEN_TEST_PYTHON (default /usr/bin/python3).
ensure_smtp_sink() {
  local py="${HAARVATEN_TEST_PYTHON:-/usr/bin/python3}"
  if ! "$py" -c 'import aiosmtpd' 2>/dev/null; then apt_install python3-aiosmtpd; fi
  "$py" -c 'import aiosmtpd' 2>/dev/null || die "$py cannot import aiosmtpd (apt-get install python3-aiosmtpd)"
}

ensure_node_modules() {
  command -v npm >/dev/null || die "missing: Node.js and npm (needed for the browser tests)"
  if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  fi
}

# A TCP port nobody listens on right now.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null \
    || python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# wait_ready URL PID LOG: waits up to 60 s for URL to answer 200 while PID
# lives; shows the server log and fails otherwise.
wait_ready() {
  local url=$1 pid=$2 logfile=${3:-}
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      [ -n "$logfile" ] && tail -n 30 "$logfile" >&2
      die "the server stopped before $url answered"
    fi
    sleep 0.5
  done
  [ -n "$logfile" ] && tail -n 30 "$logfile" >&2
  die "no answer from $url after 60 s"
}

# haarvaten_bin CARGO-ARGS...: runs `cargo CARGO-ARGS --message-format=...`
# (a build: `test --no-run`, `build --release`) and prints the path of the
# `haarvaten` binary cargo reports having built. Cargo says where it put it,
# so CARGO_TARGET_DIR, --target-dir and .cargo/config are all honoured, and
# the binary is the one of this build, never a stale one from another.
# Diagnostics go to stderr as usual.
haarvaten_bin() {
  local json bin
  json=$(cargo "$@" --message-format=json-render-diagnostics) || die "cargo $* failed"
  # The bin target itself (profile.test false), not its unit-test harness.
  bin=$(printf '%s\n' "$json" \
    | grep '"reason":"compiler-artifact"' \
    | grep '"kind":\["bin"\],"crate_types":\["bin"\],"name":"haarvaten"' \
    | grep '"profile":{[^}]*"test":false}' \
    | grep -o '"executable":"[^"]*"' | tail -n 1 | sed 's/^"executable":"//; s/"$//')
  [ -n "$bin" ] && [ -x "$bin" ] || die "cargo $* did not report a haarvaten binary"
  printf '%s\n' "$bin"
}

# Wall-clock seconds of each step, for the summary at the end of a run.
step_names=()
step_secs=()
# step NAME COMMAND...: logs NAME, runs COMMAND and records how long it
# took. When COMMAND fails, prints the summary so far and exits with its
# status. (COMMAND runs in a `||` context, where `set -e` does not act: a
# function given as COMMAND must return on its own errors.)
step() {
  local name=$1 t0=$SECONDS rc=0
  shift
  log "$name"
  "$@" || rc=$?
  step_names+=("$name")
  step_secs+=($((SECONDS - t0)))
  if [ "$rc" != 0 ]; then
    log "$name failed (exit $rc); seconds per step:"
    step_summary
    exit "$rc"
  fi
}

# step_summary: one line per step with its seconds, then the total.
step_summary() {
  local i total=0
  for i in "${!step_names[@]}"; do
    printf '  %-44s %5s s\n' "${step_names[$i]}" "${step_secs[$i]}" >&2
    total=$((total + step_secs[i]))
  done
  printf '  %-44s %5s s\n' "total" "$total" >&2
}

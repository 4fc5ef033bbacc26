# shellcheck shell=bash
# A throwaway PostgreSQL cluster on 127.0.0.1, with a private port and socket folder so it never meets a system one.
# pg_start [SETTING=VALUE...] sets PG_BIN, PG_ROOT, PG_PORT and exports PG_URL (database `app`, owner `app`); the
# settings go to the server as `-c` options. pg_stop removes it all.
# Needs free_port from common.sh.

PG_ROOT=

# initdb refuses root, so root runs the cluster as `postgres`; anyone else runs it as themselves.
pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_psql() { "$PG_BIN/psql" -h "$PG_ROOT" -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

pg_start() {
  local settings="" setting
  for setting in "$@"; do settings="$settings -c $setting"; done
  PG_BIN=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; return 1; }
  PG_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/maillage-pg.XXXXXX") || return 1
  PG_PORT=$(free_port) || return 1
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_ROOT" || return 1; fi
  pg_run "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_ROOT/initdb.log" 2>&1 \
    || { cat "$PG_ROOT/initdb.log" >&2; return 1; }
  pg_run "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_ROOT$settings" start >/dev/null \
    || { cat "$PG_ROOT/server.log" >&2; return 1; }
  pg_psql -c "CREATE ROLE app LOGIN PASSWORD 'app'" || return 1
  PG_URL=$(pg_create_db app) || return 1
  export PG_URL
}

# pg_create_db NAME: a new empty database owned by `app`; prints its URL.
pg_create_db() {
  pg_psql -c "CREATE DATABASE \"$1\" OWNER app" || return 1
  echo "postgres://app:app@127.0.0.1:$PG_PORT/$1?tlsmode=disable"
}

pg_stop() {
  [ -n "$PG_ROOT" ] || return 0
  pg_run "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_ROOT"
  PG_ROOT=
}

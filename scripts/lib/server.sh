# shellcheck shell=bash
# Starting and stopping `maillage serve` for scripts; needs curl.

SERVER_PID=

# server_start BINARY DATA_DIR PORT DATABASE_URL [serve options...]: serves on 127.0.0.1 (an empty DATABASE_URL
# means SQLite in DATA_DIR), logs to DATA_DIR/server.log, sets SERVER_PID and SERVER_URL, returns once /readyz is 200.
server_start() {
  local bin=$1 data=$2 port=$3 db=$4 i
  shift 4
  mkdir -p "$data" || return 1
  # A simple command in the background, so $! is the server itself (env execs it) and `kill` reaches it.
  env -u DATABASE_URL -u MAILLAGE_NOTIFY_URL MAILLAGE_DATA_DIR="$data" ${db:+"DATABASE_URL=$db"} \
    "$bin" serve --hostname 127.0.0.1 --port "$port" "$@" >"$data/server.log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL=http://127.0.0.1:$port
  # The first start migrates and loads the demo data.
  for i in $(seq 1 180); do
    curl -fsS -o /dev/null "$SERVER_URL/readyz" 2>/dev/null && return 0
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited before it was ready; end of $data/server.log:" >&2
      tail -n 40 "$data/server.log" >&2
      SERVER_PID=
      return 1
    fi
    sleep 1
  done
  echo "server not ready after ${i}s; end of $data/server.log:" >&2
  tail -n 40 "$data/server.log" >&2
  server_stop
  return 1
}

server_stop() {
  [ -n "$SERVER_PID" ] || return 0
  local i
  kill "$SERVER_PID" 2>/dev/null || true
  for i in $(seq 1 30); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then kill -9 "$SERVER_PID" 2>/dev/null || true; fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

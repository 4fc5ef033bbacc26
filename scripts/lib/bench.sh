# shellcheck shell=bash
# Helpers shared by scripts/bench and scripts/bench-forum; they use $WORK, $SERVER_URL and $DURATION.

# sign_in EMAIL: signs in to $SERVER_URL as a browser would; prints the cookies the browser then sends with every
# page (session and form token) as a Cookie header's value, or nothing when no session was opened.
sign_in() {
  local jar=$WORK/cookies.txt csrf
  rm -f "$jar"
  csrf=$(curl -fsS -c "$jar" "$SERVER_URL/login" | python3 -c '
import sys
from html.parser import HTMLParser

class Form(HTMLParser):
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "_csrf":
            print(attrs.get("value") or "")

Form().feed(sys.stdin.read())')
  [ -n "$csrf" ] || { echo "no _csrf field on /login" >&2; return 1; }
  curl -fsS -o /dev/null -b "$jar" -c "$jar" -H "Origin: $SERVER_URL" --data-urlencode "email=$1" \
    --data-urlencode "password=maillage-demo" --data-urlencode "_csrf=$csrf" "$SERVER_URL/login" || return 1
  grep -q $'\tmaillage_session\t' "$jar" || return 1
  awk '$6 ~ /^maillage_/ { printf "%s%s=%s", sep, $6, $7; sep = "; " } END { print "" }' "$jar"
}

# expect_200 PATH [curl options]: a benchmark that measures redirects or errors measures nothing.
expect_200() {
  local path=$1 status
  shift
  status=$(curl -sS -o /dev/null -w '%{http_code}' "$@" "$SERVER_URL$path")
  [ "$status" = 200 ] || { echo "GET $path answered $status, not 200" >&2; return 1; }
}

# measure NAME DB PATH [wrk options]: prints "requests/s p50 p99" (latencies in ms) and keeps wrk's output.
measure() {
  local name=$1 db=$2 path=$3 out
  shift 3
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$@" "$SERVER_URL$path" 2>&1) || return 1
  printf '== %s on %s\n%s\n' "$name" "$db" "$out" >>"$WORK/wrk.txt"
  if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
    echo "$name on $db: wrk saw errors (see $WORK/wrk.txt)" >&2
    return 1
  fi
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "p95_us" { p95 = $2 / 1000 }
    END { printf "%.0f %.2f %.2f %.2f\n", rps, p50, p99, p95 }' <<<"$out"
}

# forum_section FILE: the forum benchmarks' section of a results file (from its marker to the end), if any.
forum_section() {
  [ -f "$1" ] && awk '/^<!-- forum -->$/ { on = 1 } on' "$1"
}

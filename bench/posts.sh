#!/usr/bin/env bash
# Timeline posts only, on a fresh empty database: what a setting costs in posts/s, and HTTP Basic against API tokens.
#   bench/posts.sh [h2|postgres]
# Starts the packaged jar (built unless BENCH_SKIP_BUILD=1), signs in as the admin through the sign-in form and makes
# an API token on the profile page, warms up with token posts, then for each of BENCH_AUTHS ("token basic"): wrk with
# BENCH_CLIENTS (16) clients posting to a fresh incident for BENCH_POST_SECONDS (20), every text unique; afterwards
# every acknowledged (201) text is checked against the timeline read through the API (lost, duplicated).
# H2 URL options: BENCH_H2_OPTIONS (default ";LOCK_TIMEOUT=10000;WRITE_DELAY=0", as application.properties; H2's own
# write delay: ";LOCK_TIMEOUT=10000;WRITE_DELAY=500"). Prints one Markdown table row per measurement, with the CPU
# seconds other processes (other engineers' work on a shared machine) used meanwhile. See bench/README.md.
set -euo pipefail

DB=${1:-h2}
case "$DB" in h2|postgres) ;; *) echo "usage: $0 [h2|postgres]" >&2; exit 2 ;; esac
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-$BENCH/work}
PORT=${BENCH_PORT:-18082}
BASE="http://127.0.0.1:$PORT"
CLIENTS=${BENCH_CLIENTS:-16}
POST_SECONDS=${BENCH_POST_SECONDS:-20}
WARMUP_SECONDS=${BENCH_WARMUP:-10}
AUTHS=${BENCH_AUTHS:-token basic}
H2_OPTIONS=${BENCH_H2_OPTIONS:-;LOCK_TIMEOUT=10000;WRITE_DELAY=0}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-hs_bench_posts}
case "$PG_DB" in hs_bench*) ;; *) echo "BENCH_PG_DB must start with hs_bench (it is dropped and recreated)" >&2; exit 2 ;; esac
ADMIN_PASSWORD=admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$WORK/raw/$RUN_ID-posts-$DB
H2_DIR=$WORK/h2-posts
APP_PID=""
mkdir -p "$RAW"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
cleanup() {
  stop_app
  if [ -n "${WATCH_PID:-}" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    rm -rf "$H2_DIR"
    [ "$DB" = postgres ] && dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$PG_DB" >/dev/null 2>&1
  fi
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building the jar (./mvnw -DskipTests package)"
  (cd "$REPO" && ./mvnw -q -DskipTests package)
fi
JAR=$(ls "$REPO"/target/hindsight-*.jar | grep -v original | head -1)
COMMIT=$(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- src migrations templates static pom.xml || echo "+dirty")

env=(PORT="$PORT" HINDSIGHT_ADMIN_PASSWORD="$ADMIN_PASSWORD" HINDSIGHT_EXAMPLE_DATA=false)
if [ "$DB" = postgres ]; then
  dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$PG_DB"
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  env+=(SPRING_PROFILES_ACTIVE=postgres HINDSIGHT_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB"
        HINDSIGHT_DB_USER="$PG_USER" HINDSIGHT_DB_PASSWORD="${BENCH_PG_PASSWORD:-}")
  SETTING="PostgreSQL"
else
  rm -rf "$H2_DIR"
  env+=(HINDSIGHT_DB_URL="jdbc:h2:file:$H2_DIR/hindsight$H2_OPTIONS")
  SETTING="H2 \`$H2_OPTIONS\`"
fi
if curl -s -o /dev/null "$BASE/actuator/health"; then echo "port $PORT is in use; set BENCH_PORT" >&2; exit 1; fi
log "starting the app ($SETTING)"
env "${env[@]}" java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$RAW/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 1800); do
  curl -s "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$APP_PID" 2>/dev/null || { echo "the app exited; see $RAW/app.log" >&2; exit 1; }
  sleep 0.1
done

# the admin's API token, made as a user makes one: the sign-in form, then the profile page's token form
jar=$RAW/cookies.txt
csrf() { grep -o 'name="_csrf"[^>]*' | grep -o 'value="[^"]*"' | head -1 | cut -d'"' -f2; }
c=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | csrf)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "username=admin" --data-urlencode "password=$ADMIN_PASSWORD" \
  --data-urlencode "_csrf=$c" "$BASE/login"
c=$(curl -s -c "$jar" -b "$jar" "$BASE/profile" | csrf)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "name=bench" --data-urlencode "_csrf=$c" "$BASE/profile/tokens"
TOKEN=$(curl -s -c "$jar" -b "$jar" "$BASE/profile" | grep -o 'id="new-token-value">[^<]*' | cut -d'>' -f2)
[ -n "$TOKEN" ] || { echo "could not make an API token" >&2; exit 1; }
BASIC="Basic $(printf '%s' "admin:$ADMIN_PASSWORD" | base64 -w0)"

new_incident() { # $1 title; prints the key
  curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$1\",\"severity\":\"SEV2\"}" "$BASE/api/incidents" \
    | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}' | sed 's#.*/##'
}
foreign_s() { cat "$RAW/cpu.env.live" 2>/dev/null || echo 0; }
python3 "$BENCH/cpu_watch.py" "$RAW/cpu.env" "$REPO" "$PG_DB" "h2-posts" &
WATCH_PID=$!

log "warm-up: $WARMUP_SECONDS s of token posts"
warm=$(new_incident "Bench: warm-up posts")
BENCH_AUTHORIZATION="Bearer $TOKEN" BENCH_RUN_ID="$RUN_ID-warm" BENCH_LUA_DIR="$BENCH/lua" BENCH_CREATED_FILE=/dev/null \
  wrk -t2 -c"$CLIENTS" -d"${WARMUP_SECONDS}s" --timeout 10s -s "$BENCH/lua/post_events.lua" \
  "$BASE/api/incidents/$warm/timeline" >/dev/null
sleep 2

echo "| Setting | Authentication | clients | created/s | p50 ms | p99 ms | refused (non-201) | lost | duplicated | others' CPU |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for auth in $AUTHS; do
  case "$auth" in
    token) header="Bearer $TOKEN"; label="API token" ;;
    basic) header="$BASIC"; label="HTTP Basic" ;;
    *) echo "unknown authentication $auth" >&2; exit 2 ;;
  esac
  key=$(new_incident "Bench: posts with $auth")
  f0=$(foreign_s); t0=$(date +%s)
  BENCH_AUTHORIZATION="$header" BENCH_RUN_ID="$RUN_ID-$auth" BENCH_LUA_DIR="$BENCH/lua" \
    BENCH_CREATED_FILE="$RAW/$auth.created" wrk -t2 -c"$CLIENTS" -d"${POST_SECONDS}s" --timeout 10s --latency \
    -s "$BENCH/lua/post_events.lua" "$BASE/api/incidents/$key/timeline" >"$RAW/$auth.wrk"
  foreign=$(awk -v a="$f0" -v b="$(foreign_s)" -v s="$(( $(date +%s) - t0 ))" \
    'BEGIN {printf "%.0f %%", 100 * (b - a) / (s * 2)}')
  sleep 2
  curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/incidents/$key/timeline" \
    | grep -o '"text":"bench-post [^"]*"' | cut -d'"' -f4 >"$RAW/$auth.rows"
  sort -u "$RAW/$auth.created" >"$RAW/$auth.created.sorted"
  sort -u "$RAW/$auth.rows" >"$RAW/$auth.rows.sorted"
  lost=$(comm -23 "$RAW/$auth.created.sorted" "$RAW/$auth.rows.sorted" | wc -l)
  dup=$(( $(wc -l <"$RAW/$auth.rows") - $(wc -l <"$RAW/$auth.rows.sorted") ))
  r=$(grep '^BENCH_RESULT' "$RAW/$auth.wrk")
  get() { printf '%s' "$r" | grep -o "$1=[^ ]*" | cut -d= -f2; }
  created=$(wc -l <"$RAW/$auth.created")
  seconds=$(get seconds)
  refused=$(( $(get non2xx) + $(get socket_errors) + $(get timeouts) ))
  printf '| %s | %s | %s | %s | %.1f | %.1f | %s of %s | %s | %s | %s |\n' "$SETTING" "$label" "$CLIENTS" \
    "$(awk -v c="$created" -v s="$seconds" 'BEGIN {printf "%.0f", c / s}')" "$(get p50_ms)" "$(get p99_ms)" \
    "$refused" "$(get requests)" "$lost" "$dup" "$foreign"
done
if [ "$DB" = h2 ]; then
  running_kb=$(du -sk "$H2_DIR" | cut -f1)
  rows=$(cat "$RAW"/*.rows | wc -l)
  stop_app
  echo
  echo "H2 file after the posts: $((running_kb / 1024)) MB while running, $(( $(du -sk "$H2_DIR" | cut -f1) / 1024 )) MB" \
    "after a graceful stop (H2 compacts on close); $rows rows measured (plus the warm-up's)."
fi
echo
echo "Commit \`$COMMIT\`, $(date -u +%Y-%m-%d), $POST_SECONDS s per figure after $WARMUP_SECONDS s of warm-up posts;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); raw output in $RAW"

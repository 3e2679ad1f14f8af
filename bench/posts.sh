#!/usr/bin/env bash
# Timeline posts only, on fresh empty databases: what a setting costs in posts/s, and HTTP Basic against API tokens.
#   bench/posts.sh [h2|postgres]
# Starts the packaged jar (built unless BENCH_SKIP_BUILD=1; or the jar BENCH_JAR names, not built) once per setting to compare, at the same time on
# neighbouring ports: on H2 one app per word of BENCH_H2_OPTIONS (URL options; default ";LOCK_TIMEOUT=10000;WRITE_DELAY=0;MAX_COMPACT_TIME=5000"
# as application.properties; H2's own write delay is ";LOCK_TIMEOUT=10000;WRITE_DELAY=500"), on PostgreSQL one app.
# In each: signs in as the admin through the sign-in form, makes an API token on the profile page, warms up with
# token posts. Then BENCH_ROUNDS (3) rounds, each measuring every app with every one of BENCH_AUTHS ("token basic")
# in turn: wrk with BENCH_CLIENTS (16) clients posting unique texts to a fresh incident for BENCH_POST_SECONDS (10).
# Taking turns, the apps share whatever else the machine is doing (the others' CPU is printed with each figure).
# Every acknowledged (201) text is checked against the timeline read back through the API (lost, duplicated).
set -euo pipefail

DB=${1:-h2}
case "$DB" in h2|postgres) ;; *) echo "usage: $0 [h2|postgres]" >&2; exit 2 ;; esac
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-$BENCH/work}
PORT=${BENCH_PORT:-18082}
CLIENTS=${BENCH_CLIENTS:-16}
POST_SECONDS=${BENCH_POST_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP:-10}
ROUNDS=${BENCH_ROUNDS:-3}
AUTHS=${BENCH_AUTHS:-token basic}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-hs_bench_posts}
case "$PG_DB" in hs_bench*) ;; *) echo "BENCH_PG_DB must start with hs_bench (it is dropped and recreated)" >&2; exit 2 ;; esac
if [ "$DB" = h2 ]; then read -r -a SETUPS <<<"${BENCH_H2_OPTIONS:-;LOCK_TIMEOUT=10000;WRITE_DELAY=0;MAX_COMPACT_TIME=5000}"; else SETUPS=(postgres); fi
ADMIN_PASSWORD=admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$WORK/raw/$RUN_ID-posts-$DB
PIDS=()
mkdir -p "$RAW"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [ -n "${WATCH_PID:-}" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    rm -rf "$WORK"/h2-posts-*
    if [ "$DB" = postgres ]; then dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$PG_DB" >/dev/null 2>&1; fi
  fi
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && [ -z "${BENCH_JAR:-}" ]; then
  log "building the jar (./mvnw -DskipTests package)"
  (cd "$REPO" && ./mvnw -q -DskipTests package)
fi
JAR=${BENCH_JAR:-$(ls "$REPO"/target/hindsight-*.jar | grep -v original | head -1)}
COMMIT=$(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- src migrations templates static pom.xml || echo "+dirty")
# a jar given by BENCH_JAR was built from whatever it was built from: the report names the file instead
if [ -n "${BENCH_JAR:-}" ]; then COMMIT="jar $JAR"; fi

# ---- one app per setting, all started at once
for i in "${!SETUPS[@]}"; do
  port=$((PORT + i))
  if curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health"; then echo "port $port is in use; set BENCH_PORT" >&2; exit 1; fi
  env=(PORT="$port" HINDSIGHT_ADMIN_PASSWORD="$ADMIN_PASSWORD" HINDSIGHT_EXAMPLE_DATA=false)
  if [ "$DB" = postgres ]; then
    dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$PG_DB"
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
    env+=(SPRING_PROFILES_ACTIVE=postgres HINDSIGHT_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB"
          HINDSIGHT_DB_USER="$PG_USER" HINDSIGHT_DB_PASSWORD="${BENCH_PG_PASSWORD:-}")
  else
    rm -rf "$WORK/h2-posts-$i"
    env+=(HINDSIGHT_DB_URL="jdbc:h2:file:$WORK/h2-posts-$i/hindsight${SETUPS[$i]}")
  fi
  log "starting app $i on port $port (${SETUPS[$i]})"
  env "${env[@]}" java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$RAW/app-$i.log" 2>&1 &
  PIDS+=($!)
done
label_of() { if [ "$DB" = postgres ]; then echo "PostgreSQL"; else echo "H2 \`${SETUPS[$1]}\`"; fi; }

csrf() { grep -o 'name="_csrf"[^>]*' | grep -o 'value="[^"]*"' | head -1 | cut -d'"' -f2; }
TOKENS=()
for i in "${!SETUPS[@]}"; do
  base="http://127.0.0.1:$((PORT + i))"
  for _ in $(seq 1 3000); do
    curl -s "$base/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "app $i exited; see $RAW/app-$i.log" >&2; exit 1; }
    sleep 0.1
  done
  # the admin's API token, made as a user makes one: the sign-in form, then the profile page's token form
  jar=$RAW/cookies-$i.txt
  c=$(curl -s -c "$jar" -b "$jar" "$base/login" | csrf)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "username=admin" \
    --data-urlencode "password=$ADMIN_PASSWORD" --data-urlencode "_csrf=$c" "$base/login"
  c=$(curl -s -c "$jar" -b "$jar" "$base/profile" | csrf)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "name=bench" --data-urlencode "_csrf=$c" "$base/profile/tokens"
  TOKENS+=("$(curl -s -c "$jar" -b "$jar" "$base/profile" | grep -o 'id="new-token-value">[^<]*' | cut -d'>' -f2)")
  [ -n "${TOKENS[$i]}" ] || { echo "could not make an API token on app $i" >&2; exit 1; }
done
BASIC="Basic $(printf '%s' "admin:$ADMIN_PASSWORD" | base64 -w0)"

new_incident() { # $1 app, $2 title; prints the key
  curl -s -D - -o /dev/null -H "Authorization: Bearer ${TOKENS[$1]}" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$2\",\"severity\":\"SEV2\"}" "http://127.0.0.1:$((PORT + $1))/api/incidents" \
    | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}' | sed 's#.*/##'
}
foreign_s() { cat "$RAW/cpu.env.live" 2>/dev/null || echo 0; }
app_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # the app's CPU (user + system) in clock ticks
TICK=$(getconf CLK_TCK)
python3 "$BENCH/cpu_watch.py" "$RAW/cpu.env" "$REPO" "$PG_DB" "h2-posts" &
WATCH_PID=$!

for i in "${!SETUPS[@]}"; do
  log "app $i: warm-up, $WARMUP_SECONDS s of token posts"
  warm=$(new_incident "$i" "Bench: warm-up posts")
  BENCH_AUTHORIZATION="Bearer ${TOKENS[$i]}" BENCH_RUN_ID="$RUN_ID-warm" BENCH_LUA_DIR="$BENCH/lua" \
    BENCH_CREATED_FILE=/dev/null wrk -t2 -c"$CLIENTS" -d"${WARMUP_SECONDS}s" --timeout 10s \
    -s "$BENCH/lua/post_events.lua" "http://127.0.0.1:$((PORT + i))/api/incidents/$warm/timeline" >/dev/null
done

# ---- the rounds: every app with every authentication in turn
echo "| Setting | Authentication | round | clients | created/s | p50 ms | p99 ms | refused (non-201) | lost | duplicated | app CPU per request | others' CPU |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!SETUPS[@]}"; do
    base="http://127.0.0.1:$((PORT + i))"
    for auth in $AUTHS; do
      case "$auth" in
        token) header="Bearer ${TOKENS[$i]}"; label="API token" ;;
        basic) header="$BASIC"; label="HTTP Basic" ;;
        *) echo "unknown authentication $auth" >&2; exit 2 ;;
      esac
      id=$i-$auth-$round
      key=$(new_incident "$i" "Bench: posts $id")
      sleep 2
      f0=$(foreign_s); t0=$(date +%s%N); a0=$(app_ticks "${PIDS[$i]}")
      BENCH_AUTHORIZATION="$header" BENCH_RUN_ID="$RUN_ID-$id" BENCH_LUA_DIR="$BENCH/lua" \
        BENCH_CREATED_FILE="$RAW/$id.created" wrk -t2 -c"$CLIENTS" -d"${POST_SECONDS}s" --timeout 10s --latency \
        -s "$BENCH/lua/post_events.lua" "$base/api/incidents/$key/timeline" >"$RAW/$id.wrk"
      foreign=$(awk -v a="$f0" -v b="$(foreign_s)" -v ns="$(( $(date +%s%N) - t0 ))" \
        'BEGIN {printf "%.0f %%", 100 * (b - a) / (ns / 1e9 * 2)}')
      a1=$(app_ticks "${PIDS[$i]}")
      sleep 2
      curl -s -H "Authorization: Bearer ${TOKENS[$i]}" "$base/api/incidents/$key/timeline" \
        | grep -o '"text":"bench-post [^"]*"' | cut -d'"' -f4 >"$RAW/$id.rows"
      sort -u "$RAW/$id.created" >"$RAW/$id.created.sorted"
      sort -u "$RAW/$id.rows" >"$RAW/$id.rows.sorted"
      lost=$(comm -23 "$RAW/$id.created.sorted" "$RAW/$id.rows.sorted" | wc -l)
      dup=$(( $(wc -l <"$RAW/$id.rows") - $(wc -l <"$RAW/$id.rows.sorted") ))
      r=$(grep '^BENCH_RESULT' "$RAW/$id.wrk")
      get() { printf '%s' "$r" | grep -o "$1=[^ ]*" | cut -d= -f2; }
      refused=$(( $(get non2xx) + $(get socket_errors) + $(get timeouts) ))
      printf '| %s | %s | %s | %s | %s | %.1f | %.1f | %s of %s | %s | %s | %s ms | %s |\n' "$(label_of "$i")" "$label" \
        "$round" "$CLIENTS" "$(awk -v c="$(wc -l <"$RAW/$id.created")" -v s="$(get seconds)" 'BEGIN {printf "%.0f", c / s}')" \
        "$(get p50_ms)" "$(get p99_ms)" "$refused" "$(get requests)" "$lost" "$dup" \
        "$(awk -v t="$((a1 - a0))" -v k="$TICK" -v n="$(get requests)" 'BEGIN {printf "%.2f", n ? 1000 * t / k / n : 0}')" \
        "$foreign"
    done
  done
done

echo
if [ "$DB" = h2 ]; then
  for i in "${!SETUPS[@]}"; do
    running_kb=$(du -sk "$WORK/h2-posts-$i" | cut -f1)
    stop_pid "${PIDS[$i]}"
    echo "- $(label_of "$i"): H2 file $((running_kb / 1024)) MB after the posts, $(( $(du -sk "$WORK/h2-posts-$i" | cut -f1) / 1024 )) MB" \
      "after a graceful stop (H2 compacts when it closes); $(cat "$RAW/$i"-*.rows | wc -l) rows measured, plus the warm-up's."
  done
fi
echo "- Commit \`$COMMIT\`, $(date -u +%Y-%m-%d), $ROUNDS rounds of $POST_SECONDS s per figure after $WARMUP_SECONDS s of" \
  "warm-up posts; load average $(cut -d' ' -f1-3 /proc/loadavg); raw output in $RAW"

#!/usr/bin/env bash
# Benchmarks and load tests of Hindsight: bench/run.sh [small|large] [h2|postgres|both]
#
# Builds the jar, and for each database: starts the app on a fresh database (Flyway creates the schema, the
# first admin is created), stops it, bulk-loads the generated data set into that schema, starts it again
# (start-up time, memory), measures every request of bench/scenarios.tsv with wrk, posts timeline events with
# 32 clients and counts the rows, stops the app; then writes bench/results/<date>-<dataset>.md and copies it
# into bench/README.md. See bench/README.md for the settings (BENCH_* environment variables).
set -euo pipefail

DATASET=${1:-small}
DATABASES=${2:-both}
case "$DATASET" in small|large) ;; *) echo "usage: $0 [small|large] [h2|postgres|both]" >&2; exit 2 ;; esac
case "$DATABASES" in both) DATABASES="h2 postgres" ;; h2|postgres) ;; *) echo "usage: $0 [small|large] [h2|postgres|both]" >&2; exit 2 ;; esac

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-$BENCH/work}
PORT=${BENCH_PORT:-18081}
BASE="http://127.0.0.1:$PORT"
if [ "$DATASET" = small ]; then DEFAULT_SECONDS=10; else DEFAULT_SECONDS=20; fi
SECONDS_PER_RUN=${BENCH_SECONDS:-$DEFAULT_SECONDS}
# long enough for the JIT: with 3 s, C2 compilation still took 10-40 % of the CPU during the measured runs
WARMUP_SECONDS=${BENCH_WARMUP:-10}
JIT_WARMUP_SECONDS=${BENCH_JIT_WARMUP:-5}
POST_SECONDS=${BENCH_POST_SECONDS:-30}
SEED=${BENCH_SEED:-42}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-hs_bench_$DATASET}
case "$PG_DB" in hs_bench*) ;; *) echo "BENCH_PG_DB must start with hs_bench (it is dropped and recreated)" >&2; exit 2 ;; esac
# the bench users' password and API token: generated for this run, never a default of the app
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
ADMIN_PASSWORD=admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
TOKEN=${BENCH_API_TOKEN:-hs_bench$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
DATE=$(date -u +%Y-%m-%d)
RAW=$WORK/raw/$RUN_ID-$DATASET
LIB=$WORK/lib
CLASSES=$WORK/classes
APP_PID=""
APP_LOG=""

mkdir -p "$WORK" "$RAW" "$BENCH/results"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$APP_PID" 2>/dev/null && kill -KILL "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

drop_pg() { dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$PG_DB" >/dev/null 2>&1 || true; }

cleanup() {
  stop_app
  if [ -n "${WATCH_PID:-}" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    case " $DATABASES " in *" postgres "*) drop_pg ;; esac
    rm -rf "$WORK/h2-$DATASET"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build: the jar, and the loader against the JDBC drivers the jar ships
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building the jar (./mvnw -DskipTests package)"
  (cd "$REPO" && ./mvnw -q -DskipTests package)
fi
JAR=$(ls "$REPO"/target/hindsight-*.jar | grep -v original | head -1)
# BENCH_IMAGE=1: run the app as the Docker image runs it (src/main/docker/Dockerfile): the jar unpacked, the
# ahead-of-time cache made by aot-cache.sh with the image's Java version (BENCH_IMAGE_JDK, default: that version
# under /usr/lib/jvm), started with the Dockerfile's ENTRYPOINT and docker-compose.yml's JAVA_TOOL_OPTIONS default
IMAGE_CMD=()
if [ "${BENCH_IMAGE:-0}" = 1 ]; then
  image_java=$(sed -n 's/^FROM eclipse-temurin:\([0-9]*\)-jre *$/\1/p' "$REPO/src/main/docker/Dockerfile")
  IMAGE_JDK=${BENCH_IMAGE_JDK:-$( { grep -l "^JAVA_VERSION=\"$image_java[.\"]" /usr/lib/jvm/*/release 2>/dev/null || true; } | head -1 | xargs -r dirname)}
  [ -x "${IMAGE_JDK:-}/bin/java" ] || { echo "BENCH_IMAGE=1: no Java $image_java (the image's) found; set BENCH_IMAGE_JDK" >&2; exit 2; }
  IMAGE_DIR=$WORK/image
  rm -rf "$IMAGE_DIR" && mkdir -p "$IMAGE_DIR"
  cp "$JAR" "$IMAGE_DIR/hindsight.jar"
  log "the image's layout and AOT cache with $IMAGE_JDK"
  (cd "$IMAGE_DIR" && "$IMAGE_JDK/bin/java" -Djarmode=tools -jar hindsight.jar extract --destination release >/dev/null \
    && JAVA="$IMAGE_JDK/bin/java" sh "$REPO/src/main/docker/aot-cache.sh" release >aot-cache.log 2>&1) \
    || { tail -30 "$IMAGE_DIR/aot-cache.log" >&2; echo "BENCH_IMAGE=1: the training run failed" >&2; exit 1; }
  [ -z "${BENCH_JAVA_OPTS:-}" ] || log "BENCH_IMAGE=1: BENCH_JAVA_OPTS is not used (the image's options are)"
  mapfile -t IMAGE_CMD < <(sed -n 's/^ENTRYPOINT \[\(.*\)\] *$/\1/p' "$REPO/src/main/docker/Dockerfile" \
    | grep -o '"[^"]*"' | tr -d '"')
  IMAGE_CMD[0]=$IMAGE_JDK/bin/java
  IMAGE_TOOL_OPTIONS=$(sed -n 's/.*JAVA_TOOL_OPTIONS: ${HINDSIGHT_JAVA_OPTS:-\(.*\)}$/\1/p' "$REPO/docker-compose.yml")
  log "the app runs as: JAVA_TOOL_OPTIONS=$IMAGE_TOOL_OPTIONS ${IMAGE_CMD[*]}"
fi
rm -rf "$LIB" "$CLASSES" && mkdir -p "$LIB" "$CLASSES"
for pattern in 'h2-*' 'postgresql-*' 'spring-security-crypto-*' 'commons-logging-*'; do
  unzip -q -o -j "$JAR" "BOOT-INF/lib/$pattern" -d "$LIB"
done
javac -q -d "$CLASSES" -cp "$LIB/*" "$BENCH"/loader/*.java 2>/dev/null || javac -d "$CLASSES" -cp "$LIB/*" "$BENCH"/loader/*.java
COMMIT=$(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- src migrations templates static pom.xml || echo "+dirty")

# ---- the app
start_app() { # $1 db, $2 log file; sets APP_PID and STARTUP_MS
  local db=$1
  APP_LOG=$2
  local env=(PORT="$PORT" HINDSIGHT_ADMIN_PASSWORD="$ADMIN_PASSWORD" HINDSIGHT_EXAMPLE_DATA=false)
  if [ "$db" = postgres ]; then
    env+=(SPRING_PROFILES_ACTIVE=postgres HINDSIGHT_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB"
          HINDSIGHT_DB_USER="$PG_USER" HINDSIGHT_DB_PASSWORD="${BENCH_PG_PASSWORD:-}")
  else
    # the options of application.properties' default URL (BENCH_H2_OPTIONS to measure others)
    env+=(HINDSIGHT_DB_URL="jdbc:h2:file:$WORK/h2-$DATASET/hindsight${BENCH_H2_OPTIONS:-;LOCK_TIMEOUT=10000;WRITE_DELAY=0;MAX_COMPACT_TIME=5000}")
  fi
  if curl -s -o /dev/null "$BASE/actuator/health"; then
    echo "port $PORT is already in use; set BENCH_PORT" >&2; exit 1
  fi
  local t0; t0=$(date +%s%N)
  # default JVM settings on purpose (the issue measures them); BENCH_JAVA_OPTS to try others
  if [ ${#IMAGE_CMD[@]} -gt 0 ]; then
    env -C "$IMAGE_DIR/release" "${env[@]}" JAVA_TOOL_OPTIONS="$IMAGE_TOOL_OPTIONS" "${IMAGE_CMD[@]}" >"$APP_LOG" 2>&1 &
  else
    env "${env[@]}" java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$APP_LOG" 2>&1 &
  fi
  APP_PID=$!
  for _ in $(seq 1 1200); do
    if curl -s "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; then
      STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app exited; see $APP_LOG" >&2; tail -30 "$APP_LOG" >&2; exit 1; }
    sleep 0.1
  done
  echo "the app did not become healthy in 120 s; see $APP_LOG" >&2; exit 1
}

# wait until the app has worked off what the last run left queued (a request slower than the run keeps the
# server busy after wrk stops) before measuring the next thing
drain() {
  local t
  for _ in $(seq 1 120); do
    t=$(curl -s -o /dev/null -m 10 -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$BASE/api/incidents?size=1" || echo 10)
    awk -v t="$t" 'BEGIN {exit !(t < 0.5)}' && return 0
    sleep 1
  done
  log "the app stayed busy for 2 minutes after the last run"
}

# CPU seconds used so far by processes that are not this run's (other engineers' builds): see cpu_watch.py
foreign_s() { cat "$RAW/cpu.env.live" 2>/dev/null || echo 0; }

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$APP_PID/status"; }

jdbc_url() { # $1 db
  if [ "$1" = postgres ]; then echo "jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB"; else echo "jdbc:h2:file:$WORK/h2-$DATASET/hindsight"; fi
}
jdbc_user() { if [ "$1" = postgres ]; then echo "$PG_USER"; else echo sa; fi; }
query() { # $1 db, $2 sql (the app must be stopped for H2)
  java -cp "$CLASSES:$LIB/*" BenchQuery "$(jdbc_url "$1")" "$(jdbc_user "$1")" "$2" "${BENCH_PG_PASSWORD:-}"
}

login() { # prints "JSESSIONID=…" of user001
  local jar=$RAW/cookies.txt page csrf code
  rm -f "$jar"
  page=$(curl -s -c "$jar" -b "$jar" "$BASE/login")
  csrf=$(printf '%s' "$page" | grep -o 'name="_csrf"[^>]*' | grep -o 'value="[^"]*"' | head -1 | cut -d'"' -f2)
  code=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "username=user001" --data-urlencode "password=$BENCH_PASSWORD" --data-urlencode "_csrf=$csrf" \
    "$BASE/login")
  case "$code" in 302*login*) echo "sign-in failed: $code" >&2; exit 1 ;; 302*) ;; *) echo "sign-in failed: $code" >&2; exit 1 ;; esac
  echo "JSESSIONID=$(awk '$6 == "JSESSIONID" {print $7}' "$jar")"
}

# ---- one database
run_db() {
  local db=$1
  local out=$RAW/$db
  mkdir -p "$out"
  local results=$out/results.tsv meta=$out/meta.env
  : >"$results"
  : >"$meta"
  log "[$db] fresh database"
  if [ "$db" = postgres ]; then
    drop_pg
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  else
    rm -rf "$WORK/h2-$DATASET"
  fi
  log "[$db] first start: Flyway migrates, the admin is created"
  start_app "$db" "$out/app-migrate.log"
  stop_app
  log "[$db] loading the $DATASET data set"
  local t0; t0=$(date +%s%N)
  java -cp "$CLASSES:$LIB/*" BenchLoader --url "$(jdbc_url "$db")" --user "$(jdbc_user "$db")" \
    --db-password "${BENCH_PG_PASSWORD:-}" --dataset "$DATASET" --seed "$SEED" --password "$BENCH_PASSWORD" \
    --token "$TOKEN" | tee "$out/load.log" >&2
  echo "load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))" >>"$meta"
  if [ "$db" = postgres ]; then
    echo "db_size_mb=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -At -c "select pg_database_size('$PG_DB')/1048576" "$PG_DB")" >>"$meta"
  else
    echo "db_size_mb=$(du -sm "$WORK/h2-$DATASET" | cut -f1)" >>"$meta"
  fi

  log "[$db] start with the data"
  start_app "$db" "$out/app.log"
  echo "startup_ms=$STARTUP_MS" >>"$meta"
  sleep 2
  echo "rss_after_start_mb=$(rss_mb)" >>"$meta"
  log "[$db] healthy after $STARTUP_MS ms, RSS $(rss_mb) MB"
  local cookie; cookie=$(login)

  local id group method path auth conns body label url code check threads
  # a JIT warm-up over every request first (a server measured minutes after its start, as in production, not
  # code still being compiled: the incident page took a minute of load to reach its steady speed)
  if [ "${JIT_WARMUP_SECONDS}" -gt 0 ]; then
    log "[$db] JIT warm-up: every request for ${JIT_WARMUP_SECONDS} s"
    while IFS=$'\t' read -r id group method path auth conns body label; do
      case "$id" in ''|'#'*) continue ;; esac
      [ -n "${BENCH_ONLY:-}" ] && ! [[ $id =~ $BENCH_ONLY ]] && continue
      path=${path//\{KEY100\}/INC-1}; path=${path//\{KEY5000\}/INC-2}; path=${path//\{OWNER\}/user001}
      local wauth=() wscript=get.lua
      case "$auth" in
        session) wauth=(BENCH_COOKIE="$cookie") ;;
        token) wauth=(BENCH_TOKEN="$TOKEN") ;;
      esac
      if [ "$body" != - ]; then
        wscript=post_file.lua
        wauth+=(BENCH_BODY_FILE="$BENCH/fixtures/${body%%:*}" BENCH_CONTENT_TYPE="${body#*:}")
      fi
      env "${wauth[@]}" BENCH_LUA_DIR="$BENCH/lua" wrk -t1 -c4 -d"${JIT_WARMUP_SECONDS}s" --timeout 10s \
        -s "$BENCH/lua/$wscript" "$BASE$path" >/dev/null 2>&1 || true
    done <"$BENCH/scenarios.tsv"
    drain
  fi
  while IFS=$'\t' read -r id group method path auth conns body label; do
    case "$id" in ''|'#'*) continue ;; esac
    [ -n "${BENCH_ONLY:-}" ] && ! [[ $id =~ $BENCH_ONLY ]] && continue
    path=${path//\{KEY100\}/INC-1}; path=${path//\{KEY5000\}/INC-2}; path=${path//\{OWNER\}/user001}
    label=${label//\{OWNER\}/user001}
    url=$BASE$path
    local authenv=() curlauth=() curlbody=() script=get.lua
    case "$auth" in
      session) authenv=(BENCH_COOKIE="$cookie"); curlauth=(-H "Cookie: $cookie") ;;
      token) authenv=(BENCH_TOKEN="$TOKEN"); curlauth=(-H "Authorization: Bearer $TOKEN") ;;
    esac
    if [ "$body" != - ]; then
      script=post_file.lua
      authenv+=(BENCH_BODY_FILE="$BENCH/fixtures/${body%%:*}" BENCH_CONTENT_TYPE="${body#*:}")
      curlbody=(-X POST -H "Content-Type: ${body#*:}" --data-binary "@$BENCH/fixtures/${body%%:*}")
    fi
    # the check: one request, its status, size and lines (a 500, or a redirect to sign-in, invalidates)
    check=$(curl -s -o "$out/$id.body" -w '%{http_code} %{size_download}' "${curlauth[@]}" "${curlbody[@]}" "$url")
    code=${check%% *}
    local lines; lines=$(wc -l <"$out/$id.body")
    if [ "$code" = 404 ] || [ "$code" = 405 ]; then
      log "[$db] $id: not available ($code)"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$group" "not-available" "$code" "$conns" "${check#* }" "$lines" "$label" >>"$results"
      continue
    fi
    if [ "${code:0:1}" != 2 ]; then
      log "[$db] $id: INVALID, the check answered $code"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$group" "invalid" "$code" "$conns" "${check#* }" "$lines" "$label" >>"$results"
      continue
    fi
    threads=2; [ "$conns" -lt 2 ] && threads=1
    env "${authenv[@]}" BENCH_LUA_DIR="$BENCH/lua" wrk -t"$threads" -c"$conns" -d"${WARMUP_SECONDS}s" --timeout 10s \
      -s "$BENCH/lua/$script" "$url" >/dev/null
    drain
    local f0; f0=$(foreign_s)
    env "${authenv[@]}" BENCH_LUA_DIR="$BENCH/lua" wrk -t"$threads" -c"$conns" -d"${SECONDS_PER_RUN}s" --timeout 10s \
      --latency -s "$BENCH/lua/$script" "$url" >"$out/$id.wrk"
    local foreign; foreign=$(awk -v a="$f0" -v b="$(foreign_s)" 'BEGIN {printf "%.1f", b - a}')
    drain
    local line; line="$(grep '^BENCH_RESULT' "$out/$id.wrk" || echo "BENCH_RESULT missing") foreign_cpu_s=$foreign"
    log "[$db] $id: $line"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$group" "measured" "$code" "$conns" "${check#* }" "$lines" "$label" "$line" >>"$results"
  done <"$BENCH/scenarios.tsv"

  # ---- concurrent timeline posts to one incident, then count the rows
  log "[$db] posting timeline events: 32 clients, ${POST_SECONDS} s (after ${WARMUP_SECONDS} s of warm-up posts to another incident)"
  local key warmkey
  new_incident() { # $1 title; prints the new incident's key
    curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"title\":\"$1\",\"severity\":\"SEV2\"}" "$BASE/api/incidents" \
      | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}' | sed 's#.*/##'
  }
  warmkey=$(new_incident "Bench: warm-up posts")
  key=$(new_incident "Bench: concurrent timeline posts")
  [ -n "$key" ] && [ -n "$warmkey" ] || { echo "could not create the incidents for the post test" >&2; exit 1; }
  BENCH_TOKEN="$TOKEN" BENCH_RUN_ID="$RUN_ID-warm" BENCH_LUA_DIR="$BENCH/lua" BENCH_CREATED_FILE=/dev/null \
    wrk -t2 -c32 -d"${WARMUP_SECONDS}s" --timeout 10s -s "$BENCH/lua/post_events.lua" \
    "$BASE/api/incidents/$warmkey/timeline" >/dev/null
  drain
  local p0; p0=$(foreign_s)
  BENCH_TOKEN="$TOKEN" BENCH_RUN_ID="$RUN_ID" BENCH_LUA_DIR="$BENCH/lua" BENCH_CREATED_FILE="$out/posts.created" \
    wrk -t2 -c32 -d"${POST_SECONDS}s" --timeout 10s --latency -s "$BENCH/lua/post_events.lua" \
    "$BASE/api/incidents/$key/timeline" >"$out/posts.wrk"
  local postline; postline="$(grep '^BENCH_RESULT' "$out/posts.wrk") foreign_cpu_s=$(awk -v a="$p0" -v b="$(foreign_s)" 'BEGIN {printf "%.1f", b - a}')"
  log "[$db] posts: $postline"
  echo "posts_result='$postline'" >>"$meta"
  echo "posts_incident=$key" >>"$meta"
  drain
  # is the session still signed in (a lost session would have measured the sign-in redirect)?
  echo "session_still_valid=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE/incidents")" >>"$meta"
  echo "rss_after_load_mb=$(rss_mb)" >>"$meta"
  # of which mapped files (the jar's classes, an AOT cache: shared by the instances on one host) and the rest
  awk '/RssAnon|RssFile/ {printf "rss_after_load_%s_mb=%.0f\n", tolower(substr($1, 4, 4)), $2/1024}' \
    "/proc/$APP_PID/status" >>"$meta"
  local errors; errors=$(grep -c ' ERROR ' "$out/app.log" || true)
  echo "app_log_errors=$errors" >>"$meta"
  stop_app
  # every acknowledged text against the rows (H2 can only be read once the app has closed it)
  query "$db" "select text from timeline_event where incident_id = ${key#INC-} and text like 'bench-post $RUN_ID %'" \
    >"$out/posts.rows"
  sort -u "$out/posts.created" >"$out/posts.created.sorted"
  sort -u "$out/posts.rows" >"$out/posts.rows.sorted"
  {
    echo "post_acked=$(wc -l <"$out/posts.created")"
    echo "post_acked_unparsed=$(grep -c '^unparsed 201$' "$out/posts.created" || true)"
    echo "post_rows=$(wc -l <"$out/posts.rows")"
    echo "post_distinct_rows=$(wc -l <"$out/posts.rows.sorted")"
    echo "post_lost=$(comm -23 "$out/posts.created.sorted" "$out/posts.rows.sorted" | wc -l)"
    echo "post_duplicated=$(( $(wc -l <"$out/posts.rows") - $(wc -l <"$out/posts.rows.sorted") ))"
    echo "post_rows_without_201=$(comm -13 "$out/posts.created.sorted" "$out/posts.rows.sorted" | wc -l)"
  } >>"$meta"
  local counts="$(wc -l <"$out/posts.rows") rows, $(wc -l <"$out/posts.created") acknowledged"
  log "[$db] after the posts: $counts; $(grep '^post_lost\|^post_dup' "$meta" | tr '\n' ' ')"
}

# ---- machine
{
  echo "run_id=$RUN_ID"
  echo "date=$DATE"
  echo "dataset=$DATASET"
  echo "commit=$COMMIT"
  echo "nproc=$(nproc)"
  echo "mem_total='$(free -h | awk '/^Mem:/ {print $2}')'"
  echo "cpu='$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')'"
  echo "java='$(${IMAGE_JDK:+$IMAGE_JDK/bin/}java -version 2>&1 | head -2 | tail -1)'"
  echo "postgres='$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -At -c 'show server_version' postgres 2>/dev/null || echo n/a)'"
  echo "wrk='$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)'"
  echo "loadavg_before='$(cut -d' ' -f1-3 /proc/loadavg)'"
  echo "seconds_per_run=$SECONDS_PER_RUN"
  if [ ${#IMAGE_CMD[@]} -gt 0 ]; then
    echo "java_opts='as the Docker image: JAVA_TOOL_OPTIONS=$IMAGE_TOOL_OPTIONS ${IMAGE_CMD[*]:1}'"
  else
    echo "java_opts='${BENCH_JAVA_OPTS:-}'"
  fi
  echo "label=${BENCH_LABEL:-}"
  echo "post_seconds=$POST_SECONDS"
} >"$RAW/machine.env"

# the app is the run's: its command names the repository, or (BENCH_IMAGE=1) the image's cache
python3 "$BENCH/cpu_watch.py" "$RAW/cpu.env" "$REPO" "$PG_DB" "h2-$DATASET" ${IMAGE_CMD[0]:+-XX:AOTCache=hindsight.aot} &
WATCH_PID=$!
for db in $DATABASES; do
  run_db "$db"
done
echo "loadavg_after='$(cut -d' ' -f1-3 /proc/loadavg)'" >>"$RAW/machine.env"
kill "$WATCH_PID"; wait "$WATCH_PID" 2>/dev/null || true
cat "$RAW/cpu.env" >>"$RAW/machine.env" 2>/dev/null || true

python3 "$BENCH/report.py" "$RAW" "$BENCH"
log "done: $(ls -t "$BENCH"/results/*.md | head -1)"

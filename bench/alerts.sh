#!/usr/bin/env bash
# Alert storm: bench/alerts.sh [h2|postgres] [minutes]   (defaults: h2 5)
#
# Builds the jar, starts the app on a fresh database, and runs bench/loader/AlertStorm.java against it: 1,000
# alerts a minute over 50 fingerprints in 10 groups (each group's notification every 3 s, alerts resolving and
# firing again), a burst of one notification with 100 alerts every 30 s, and an incident page read all along.
# Writes bench/results/<date>-alerts-<db>.md: intake latencies, page latencies before/during, events lost and
# duplicated (counted against the stored timelines). Exits non-zero on any lost or duplicated event.
set -euo pipefail

DB=${1:-h2}
MINUTES=${2:-5}
case "$DB" in h2|postgres) ;; *) echo "usage: $0 [h2|postgres] [minutes]" >&2; exit 2 ;; esac
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-$BENCH/work}
PORT=${BENCH_PORT:-18082}
BASE="http://127.0.0.1:$PORT"
PG_DB=hs_bench_alerts
ADMIN_PASSWORD=admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
APP_PID=""
mkdir -p "$WORK" "$BENCH/results"

cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill -TERM "$APP_PID"; wait "$APP_PID" || true; fi
  if [ "$DB" = postgres ] && [ -z "${BENCH_KEEP_DB:-}" ]; then dropdb -h 127.0.0.1 -U postgres --if-exists "$PG_DB" || true; fi
}
trap cleanup EXIT

(cd "$REPO" && ./mvnw -q -B -DskipTests package)
JAR=$(ls "$REPO"/target/hindsight-*.jar | grep -v original | head -n 1)
env=(PORT="$PORT" HINDSIGHT_ADMIN_PASSWORD="$ADMIN_PASSWORD" HINDSIGHT_EXAMPLE_DATA=false)
if [ "$DB" = postgres ]; then
  dropdb -h 127.0.0.1 -U postgres --if-exists "$PG_DB"; createdb -h 127.0.0.1 -U postgres "$PG_DB"
  env+=(SPRING_PROFILES_ACTIVE=postgres HINDSIGHT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB"
        HINDSIGHT_DB_USER=postgres HINDSIGHT_DB_PASSWORD=)
else
  rm -rf "$WORK/alerts-h2"
  env+=(HINDSIGHT_DB_URL="jdbc:h2:file:$WORK/alerts-h2/hindsight;LOCK_TIMEOUT=10000;WRITE_DELAY=0;MAX_COMPACT_TIME=5000")
fi
env "${env[@]}" java -jar "$JAR" --server.address=127.0.0.1 > "$WORK/alerts-app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$BASE/actuator/health" >/dev/null || { tail -50 "$WORK/alerts-app.log"; exit 1; }

OUT="$BENCH/results/$(date -u +%Y-%m-%d)-alerts-$DB.md"
{
  echo "### Alert storm on $DB, commit $(cd "$REPO" && git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ), $MINUTES min"
  echo
  echo "| measure | result |"
  echo "|---|---|"
  java "$BENCH/loader/AlertStorm.java" "$BASE" admin "$ADMIN_PASSWORD" "$MINUTES"
} | tee "$OUT"

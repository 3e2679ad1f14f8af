#!/usr/bin/env bash
# One jar's incident page at JIT steady state, for before/after comparisons with the jars alternated:
#   BENCH_KEEP_DB=1 BENCH_PASSWORD=some-pass bench/run.sh large postgres    # loads and keeps hs_bench_large
#   BENCH_PASSWORD=some-pass bench/page-ab.sh before.jar before [file.jfr]
#   BENCH_PASSWORD=some-pass bench/page-ab.sh after.jar after
# Starts the jar on the kept database, signs in as user001, puts 50 s of load on /incidents/INC-1 (16 clients), then
# measures two 15 s windows (pages/s, p99, the app's CPU per page from /proc) and the static asset for scale.
# With a third argument, JFR records 20 s of the load into that file (settings=profile). BENCH_PAGE measures another
# page the same way (a path, e.g. '/search?q=4999'; default /incidents/INC-1).
set -euo pipefail
JAR=${1:?jar}; LABEL=${2:?label}; JFR=${3:-}
PORT=${BENCH_PORT:-18090}; BASE=http://127.0.0.1:$PORT
DB=${BENCH_PG_DB:-hs_bench_large}
PAGE=$BASE${BENCH_PAGE:-/incidents/INC-1}
OUT=${BENCH_WORK:-$(dirname "$0")/work}/page-ab; mkdir -p "$OUT"
OPTS=()
[ -n "$JFR" ] && OPTS=(-XX:StartFlightRecording=filename="$JFR",settings=profile,delay=50s,duration=20s)
env PORT="$PORT" HINDSIGHT_ADMIN_PASSWORD="admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  HINDSIGHT_EXAMPLE_DATA=false SPRING_PROFILES_ACTIVE=postgres HINDSIGHT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  HINDSIGHT_DB_USER=postgres HINDSIGHT_DB_PASSWORD= java "${OPTS[@]}" -jar "$JAR" >"$OUT/app-$LABEL.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -s "$BASE/actuator/health" | grep -q UP && break; sleep 0.2; done
JAR_COOKIES=$OUT/cookies-$LABEL; rm -f "$JAR_COOKIES"
page=$(curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/login")
csrf=$(printf '%s' "$page" | grep -o 'name="_csrf"[^>]*' | grep -o 'value="[^"]*"' | head -1 | cut -d'"' -f2)
curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" -o /dev/null --data-urlencode username=user001 \
  --data-urlencode "password=${BENCH_PASSWORD:?the password run.sh gave user001}" --data-urlencode "_csrf=$csrf" "$BASE/login"
COOKIE="JSESSIONID=$(awk '$6 == "JSESSIONID" {print $7}' "$JAR_COOKIES")"
curl -s -o /dev/null -w "$LABEL: $PAGE answers %{http_code}, %{size_download} B\n" -H "Cookie: $COOKIE" "$PAGE"
wrk -t2 -c16 -d50s -H "Cookie: $COOKIE" "$PAGE" >/dev/null
for round in 1 2; do
  before=$(awk '{print $14 + $15}' /proc/$PID/stat)
  wrk -t2 -c16 -d15s --latency -H "Cookie: $COOKIE" "$PAGE" >"$OUT/wrk-$LABEL-$round.txt"
  after=$(awk '{print $14 + $15}' /proc/$PID/stat)
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$LABEL-$round.txt")
  n=$(awk '/requests in/ {print $1}' "$OUT/wrk-$LABEL-$round.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$LABEL-$round.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk-$LABEL-$round.txt")
  echo "$LABEL round $round: $rps pages/s, p99 $p99, non-2xx ${non2xx:-0}, app CPU per page" \
    "$(awk -v t=$((after - before)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f ms", t * 1000 / hz / n}')"
done
wrk -t2 -c16 -d10s "$BASE/css/hindsight.css" | awk -v l="$LABEL" '/Requests\/sec/ {print l ": static asset " $2 "/s"}'

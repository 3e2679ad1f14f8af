#!/usr/bin/env bash
# A storm of heavy searches while responders work: 16 clients search a phrase of common words ("error rate",
# leaving out "checkout": every timeline event holding both words is read) for 30 s, while 4 clients read the incident
# page (INC-1) and 4 the incident list. Before the search gate the searches held every connection of the pool and the
# responders' pages were answered 503; with it at most hindsight.search.concurrent (3) search at once.
#   BENCH_KEEP_DB=1 BENCH_PASSWORD=some-pass bench/run.sh large postgres    # loads and keeps hs_bench_large
#   BENCH_PASSWORD=some-pass bench/search-storm.sh some.jar label
# Prints one line per load (statuses, req/s, p50/p99) and the app's WARN/ERROR lines about the pool.
set -euo pipefail
JAR=${1:?jar}; LABEL=${2:?label}
PORT=${BENCH_PORT:-18091}; BASE=http://127.0.0.1:$PORT
DB=${BENCH_PG_DB:-hs_bench_large}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${BENCH_WORK:-$HERE/work}/search-storm; mkdir -p "$OUT"
env PORT="$PORT" HINDSIGHT_ADMIN_PASSWORD="admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  HINDSIGHT_EXAMPLE_DATA=false SPRING_PROFILES_ACTIVE=postgres HINDSIGHT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  HINDSIGHT_DB_USER=postgres HINDSIGHT_DB_PASSWORD= java -jar "$JAR" >"$OUT/app-$LABEL.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -s "$BASE/actuator/health" | grep -q UP && break; sleep 0.2; done
JAR_COOKIES=$OUT/cookies-$LABEL; rm -f "$JAR_COOKIES"
page=$(curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/login")
csrf=$(printf '%s' "$page" | grep -o 'name="_csrf"[^>]*' | grep -o 'value="[^"]*"' | head -1 | cut -d'"' -f2)
curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" -o /dev/null --data-urlencode username=user001 \
  --data-urlencode "password=${BENCH_PASSWORD:?the password run.sh gave user001}" --data-urlencode "_csrf=$csrf" "$BASE/login"
export BENCH_COOKIE="JSESSIONID=$(awk '$6 == "JSESSIONID" {print $7}' "$JAR_COOKIES")" BENCH_LUA_DIR=$HERE/lua
SEARCH="$BASE/search?q=%22error+rate%22+-checkout"
for url in "$BASE/incidents/INC-1" "$BASE/incidents" "$SEARCH"; do
  curl -s -o /dev/null -w "$LABEL: $url answers %{http_code}\n" -H "Cookie: $BENCH_COOKIE" "$url"
done
# warm-up: the pages and the search, one after the other
for url in "$BASE/incidents/INC-1" "$BASE/incidents" "$SEARCH"; do wrk -t1 -c2 -d8s -H "Cookie: $BENCH_COOKIE" "$url" >/dev/null; done
wrk -t2 -c16 -d30s --timeout 30s -s "$HERE/lua/get.lua" "$SEARCH" >"$OUT/$LABEL-search.txt" &
S=$!
sleep 1
wrk -t1 -c4 -d25s --timeout 30s -s "$HERE/lua/get.lua" "$BASE/incidents/INC-1" >"$OUT/$LABEL-page.txt" &
P=$!
wrk -t1 -c4 -d25s --timeout 30s -s "$HERE/lua/get.lua" "$BASE/incidents" >"$OUT/$LABEL-list.txt" &
L=$!
wait $S $P $L
for part in search page list; do
  echo "$LABEL $part: $(grep BENCH_RESULT "$OUT/$LABEL-$part.txt" | tr ' ' '\n' | grep -E '^(rps|p50_ms|p99_ms|statuses)=' | tr '\n' ' ')"
done
echo "$LABEL: app log lines about the pool or a 503: $(grep -c 'Connection is not available\|answered 503' "$OUT/app-$LABEL.log" || true)"

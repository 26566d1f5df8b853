#!/usr/bin/env bash
# Two gateway builds at the same time, each under its own wrk, on the cache-hit path (and the cached batch): the
# machine's noise (a busy neighbour, the cores' clock) then hits both alike, which alternating runs cannot promise.
#   bench/side-by-side.sh [--rounds N] [--misses] OTHER_CHECKOUT      e.g. git clone -q . /tmp/old && (cd /tmp/old &&
#                                                          git checkout -q 37c9cca && ./mvnw -B -q package -DskipTests)
# This checkout's gateway is B, OTHER_CHECKOUT's is A (its gateway/target jar, built). Both share one Redis and one
# sandbox. --misses: cache misses instead (fresh cards through the sandbox, provider jdk on both gateways, the
# sandbox on accp so that its RSA leaves the gateways room). Environment: BENCH_OUT, SBS_WARM / SBS_MEAS (seconds,
# 40 / 15; misses 120 / 30), SBS_CONNS (per gateway, 25; misses 8).
set -euo pipefail
ROUNDS=3
MISSES=0
if [[ ${1:-} == --rounds ]]; then ROUNDS=$2; shift 2; fi
if [[ ${1:-} == --misses ]]; then MISSES=1; shift; fi
(($# == 1)) || { sed -n '2,9p' "$0"; exit 2; }
OTHER=$(cd "$1" && pwd)
QUICK=1
PROFILE=0
WARM=${SBS_WARM:-$( ((MISSES)) && echo 120 || echo 40)}
MEAS=${SBS_MEAS:-$( ((MISSES)) && echo 30 || echo 15)}
CONNS=${SBS_CONNS:-$( ((MISSES)) && echo 8 || echo 25)}
BATCH_SIZE=1000
export BATCH_SIZE

# shellcheck source=bench/lib.sh
RUN_NAME=side-by-side
source "$(dirname "$0")/lib.sh"

OTHER_JAR=$(ls "$OTHER"/gateway/target/gateway-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e '\.original' | head -1)
[[ -f $OTHER_JAR ]] || die "no gateway jar under $OTHER/gateway/target (build it there first)"
INQ=/api/v1/card/virtual-account/inquiry
start_redis
pick_server_ports
start_sandbox "$( ((MISSES)) && echo accp || echo jdk)"
post() { curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "$1"; }
body=$(awk -v n=$BATCH_SIZE 'BEGIN{printf "{\"cardNos\":["; for(i=0;i<n;i++) printf "%s\"9420%012d\"", (i?",":""), i; print "]}"}')

# A: the other checkout's jar; B: this one's. Each keeps its own ports; start_gateway reads GATEWAY_JAR and the ports.
GATEWAY_ARGS=(--konagw.auth.rate-limit.enabled=false)
B_JAR=$GATEWAY_JAR
# start_gateway jdk reads the sandbox's keys from keys-jdk; with --misses the sandbox wrote them to keys-accp
if ((MISSES)); then ln -sfn "$OUT/keys-accp" "$OUT/keys-jdk"; fi
GATEWAY_JAR=$OTHER_JAR; start_gateway jdk; A_PID=$gateway_PID; A_PORT=$GATEWAY_PORT
mv "$OUT/gateway.log" "$OUT/gateway-A.log"  # it keeps writing there; B's start opens a new gateway.log
GATEWAY_PORT=$(pick_port $((MGMT_PORT + 1))); MGMT_PORT=$(pick_port $((GATEWAY_PORT + 1)))
GATEWAY_JAR=$B_JAR; start_gateway jdk; B_PID=$gateway_PID; B_PORT=$GATEWAY_PORT
for port in "$A_PORT" "$B_PORT"; do
  [[ $(post "http://127.0.0.1:$port$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] || die "warm call on $port"
  [[ $(post "http://127.0.0.1:$port$INQ/batch" "$body") == 200 ]] || die "warm batch on $port"
done
sleep 1  # the cache writes land after the answers

# both [LABEL] LUA CONNS SECONDS: wrk on A and on B at once; records A's and B's .res like load() does
both() {
  local label=$1 url=$2 lua=$3 conns=$4 secs=$5
  load "$label-A" "http://127.0.0.1:$A_PORT$url" "$lua" "$conns" "$secs" "$A_PID" &
  local a=$!
  load "$label-B" "http://127.0.0.1:$B_PORT$url" "$lua" "$conns" "$secs" "$B_PID"
  wait "$a"
}
warmboth() {
  warm "http://127.0.0.1:$A_PORT$1" "$2" "$3" "$4" &
  local a=$!
  warm "http://127.0.0.1:$B_PORT$1" "$2" "$3" "$4"
  wait "$a"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b / a}'; }
header() { # header WHAT
  echo "konagw side by side$1 — $(date -Is), $ROUNDS round(s), warm-up ${WARM}s, measured ${MEAS}s, $CONNS connections each"
  echo "A: $OTHER ($(cd "$OTHER" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo "B: $ROOT ($(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty'))"
  sed -n '2,5p' "$OUT/machine.txt"
  echo
}
per_card() { awk -v v="$1" -v n=$BATCH_SIZE 'BEGIN{printf "%.2f", v / n}'; }

S=$OUT/summary.txt
if ((MISSES)); then
  warmboth "$INQ" miss.lua "$CONNS" "$WARM"
  for ((round = 1; round <= ROUNDS; round++)); do
    both "miss-$round" "$INQ" miss.lua "$CONNS" "$MEAS"
  done
  {
    header ", misses"
    printf '%-6s %12s %12s %14s %14s %8s\n' round "A miss/s" "B miss/s" "A CPU µs/miss" "B CPU µs/miss" "B / A"
    for ((round = 1; round <= ROUNDS; round++)); do
      printf '%-6s %12s %12s %14s %14s %8s\n' "$round" "$(res "miss-$round-A" 1)" "$(res "miss-$round-B" 1)" \
        "$(res "miss-$round-A" 6)" "$(res "miss-$round-B" 6)" "$(ratio "$(res "miss-$round-A" 6)" "$(res "miss-$round-B" 6)")"
    done
  } >"$S"
else
  warmboth "$INQ" hit.lua "$CONNS" "$WARM"
  BATCH_MODE=cached warmboth "$INQ/batch" batch.lua 4 "$((WARM / 2))"
  for ((round = 1; round <= ROUNDS; round++)); do
    both "hit-$round" "$INQ" hit.lua "$CONNS" "$MEAS"
    BATCH_MODE=cached both "batch-$round" "$INQ/batch" batch.lua 4 "$MEAS"
  done
  {
    header ""
    printf '%-6s %12s %12s %12s %12s %8s %12s %12s %8s\n' round "A hit req/s" "B hit req/s" "A CPU µs" "B CPU µs" \
      "B / A" "A µs/card" "B µs/card" "B / A"
    for ((round = 1; round <= ROUNDS; round++)); do
      printf '%-6s %12s %12s %12s %12s %8s %12s %12s %8s\n' "$round" "$(res "hit-$round-A" 1)" "$(res "hit-$round-B" 1)" \
        "$(res "hit-$round-A" 6)" "$(res "hit-$round-B" 6)" "$(ratio "$(res "hit-$round-A" 6)" "$(res "hit-$round-B" 6)")" \
        "$(per_card "$(res "batch-$round-A" 6)")" "$(per_card "$(res "batch-$round-B" 6)")" \
        "$(ratio "$(res "batch-$round-A" 6)" "$(res "batch-$round-B" 6)")"
    done
  } >"$S"
fi
cat "$S"
log "output in $OUT"

#!/usr/bin/env bash
# A/B of gateway option sets on the cache-hit path and the cached batch, against the minimal WebFlux handler in the
# same run. Each variant gets a fresh gateway (same Redis, same sandbox); rounds alternate the variants.
#   bench/ab.sh [--rounds N] 'OPTIONS A' 'OPTIONS B' ...
#   e.g. bench/ab.sh '--spring.reactor.context-propagation=auto' '' '--konagw.audit.enabled=false'
# An empty string is the defaults. Environment: BENCH_OUT, JAVA_OPTS_BENCH, AB_WARM / AB_MEAS (seconds, 15 / 10).
set -euo pipefail
ROUNDS=1
if [[ ${1:-} == --rounds ]]; then ROUNDS=$2; shift 2; fi
(($#)) || { sed -n '2,6p' "$0"; exit 2; }
VARIANTS=("$@")
QUICK=1
PROFILE=0
WARM=${AB_WARM:-15}
MEAS=${AB_MEAS:-10}
BATCH_SIZE=1000
export BATCH_SIZE

# shellcheck source=bench/lib.sh
RUN_NAME=ab
source "$(dirname "$0")/lib.sh"

INQ=/api/v1/card/virtual-account/inquiry
start_redis
pick_server_ports
start_sandbox jdk
MIN_PORT=$(pick_port 18082)
start minimal java "${JOPTS[@]}" -cp "$BENCH_CP" konagw.bench.baseline.MinimalHandlerApp \
  --server.port="$MIN_PORT" --server.address=127.0.0.1
post() { curl -s -o "$OUT/last-body" -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "$1"; }
for _ in $(seq 1 120); do [[ $(post "http://127.0.0.1:$MIN_PORT$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] && break; sleep 0.5; done
body=$(awk -v n=$BATCH_SIZE 'BEGIN{printf "{\"cardNos\":["; for(i=0;i<n;i++) printf "%s\"9420%012d\"", (i?",":""), i; print "]}"}')
warm "http://127.0.0.1:$MIN_PORT$INQ" hit.lua 50 "$WARM"

for ((round = 1; round <= ROUNDS; round++)); do
  load "min-$round" "http://127.0.0.1:$MIN_PORT$INQ" hit.lua 50 "$MEAS" "$minimal_PID"
  for v in "${!VARIANTS[@]}"; do
    # shellcheck disable=SC2206
    GATEWAY_ARGS=(--konagw.auth.rate-limit.enabled=false ${VARIANTS[v]})
    start_gateway jdk
    [[ $(post "http://127.0.0.1:$GATEWAY_PORT$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] || die "variant $v: warm call"
    [[ $(post "http://127.0.0.1:$GATEWAY_PORT$INQ/batch" "$body") == 200 ]] || die "variant $v: warm batch"
    sleep 1  # the cache writes land after the answers
    warm "http://127.0.0.1:$GATEWAY_PORT$INQ" hit.lua 50 "$WARM"
    load "hit-$v-$round" "http://127.0.0.1:$GATEWAY_PORT$INQ" hit.lua 50 "$MEAS" "$gateway_PID" "$redis_PID"
    BATCH_MODE=cached warm "http://127.0.0.1:$GATEWAY_PORT$INQ/batch" batch.lua 8 "$((WARM / 2))"
    BATCH_MODE=cached load "batch-$v-$round" "http://127.0.0.1:$GATEWAY_PORT$INQ/batch" batch.lua 8 "$MEAS" \
      "$gateway_PID" "$redis_PID"
    stop_pid "$gateway_PID"
  done
done

S=$OUT/summary.txt
{
  echo "konagw A/B — $(date -Is), $ROUNDS round(s), warm-up ${WARM}s, measured ${MEAS}s"
  sed -n '2,5p' "$OUT/machine.txt"
  echo
  printf '%-3s %-58s %10s %12s %8s %12s %12s\n' "" "variant" "hit req/s" "hit CPU µs" "/ min" "batch req/s" "µs/card"
  for ((round = 1; round <= ROUNDS; round++)); do
    minimal=$(res "min-$round" 6)
    printf '%-3s %-58s %10s %12s %8s\n' "$round" "minimal WebFlux handler" "$(res "min-$round" 1)" "$minimal" "1.00"
    for v in "${!VARIANTS[@]}"; do
      printf '%-3s %-58s %10s %12s %8s %12s %12s\n' "$round" "${VARIANTS[v]:-(defaults)}" "$(res "hit-$v-$round" 1)" \
        "$(res "hit-$v-$round" 6)" "$(awk -v a="$(res "hit-$v-$round" 6)" -v b="$minimal" 'BEGIN{printf "%.2f", a / b}')" \
        "$(res "batch-$v-$round" 1)" "$(awk -v c="$(res "batch-$v-$round" 6)" -v n=$BATCH_SIZE 'BEGIN{printf "%.2f", c / n}')"
    done
  done
} >"$S"
cat "$S"
log "output in $OUT"

#!/usr/bin/env bash
# konagw load and micro benchmarks. Loopback only, bounded in time, stops everything it started.
#   bench/run.sh           full run (≈20 min on 2 cores): figures for bench/RESULTS.md
#   bench/run.sh --quick   short durations (< 5 min on 2 cores): smoke run, figures labelled "quick"
#   bench/run.sh --profile also records JFR on the gateway and prints its top hot methods
#   bench/run.sh --misses  benchmark 2 (misses) and its JWE reference only: for iterating on the cost of a miss
# Environment: BENCH_OUT (output directory), JAVA_OPTS_BENCH (JVM options of every server, default -Xms512m -Xmx512m),
#   BENCH_BATCH_SIZE (cards per batch request, default 1000), BENCH_WARMn / BENCH_MEASn (seconds, see below),
#   BENCH_PROVIDERS (providers of benchmark 2, default "jdk accp"; the last is also measured over TLS unless BENCH_TLS=0).
set -euo pipefail

QUICK=0
PROFILE=0
ONLY_MISSES=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --profile) PROFILE=1 ;;
    --misses) ONLY_MISSES=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if ((QUICK)); then
  WARM1=15; MEAS1=10          # benchmark 1, per target
  WARM2=8;  MEAS2=10          # benchmark 2 (misses), per provider
  WARM3=5;  MEAS3=8           # benchmark 3 (batch), per mode
  MGET_N=50000
  JMH_ARGS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  JMH_FILTER='JweBench.jwe(En|De)crypt|HotPathBench.cache(Key|Open)'
  JMH_PROVIDERS=jdk,accp
else
  WARM1=60; MEAS1=30
  WARM2=300; MEAS2=30         # misses: C2 still compiles after 120 s (~45 µs of C2 CPU per miss), ~2 µs after 5 min
  WARM3=20; MEAS3=20
  MGET_N=200000
  JMH_ARGS=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  JMH_FILTER='konagw.bench.micro.*'
  JMH_PROVIDERS=jdk,bc,accp
fi
# Any duration can be overridden: BENCH_WARM1, BENCH_MEAS1, BENCH_WARM2, BENCH_MEAS2, BENCH_WARM3, BENCH_MEAS3 (seconds).
WARM1=${BENCH_WARM1:-$WARM1}; MEAS1=${BENCH_MEAS1:-$MEAS1}
WARM2=${BENCH_WARM2:-$WARM2}; MEAS2=${BENCH_MEAS2:-$MEAS2}
WARM3=${BENCH_WARM3:-$WARM3}; MEAS3=${BENCH_MEAS3:-$MEAS3}
PROVIDERS=(${BENCH_PROVIDERS:-jdk accp})
if ((ONLY_MISSES)); then
  JMH_FILTER='JweBench.jwe(En|De)crypt'
  JMH_PROVIDERS=$(IFS=,; echo "${PROVIDERS[*]}")
fi
CONNS=50          # wrk -t1 -c50 for benchmark 1
MISS_CONNS=16     # misses are bound by two RSA private-key operations each (gateway + sandbox)
BATCH_SIZE=${BENCH_BATCH_SIZE:-1000}   # cards per batch request (batch jobs send thousands; the endpoint takes 10,000)

# shellcheck source=bench/lib.sh
RUN_NAME=run
source "$(dirname "$0")/lib.sh"


# ---------------------------------------------------------------- 0. JMH (before any server runs)
log "JMH: $JMH_FILTER providers $JMH_PROVIDERS"
java -cp "$BENCH_CP" org.openjdk.jmh.Main "$JMH_FILTER" -p provider="$JMH_PROVIDERS" "${JMH_ARGS[@]}" \
  -rf csv -rff "$OUT/jmh.csv" >"$OUT/jmh.log" 2>&1 || die "JMH, see $OUT/jmh.log"
jmh() { # jmh METHOD PROVIDER → ops/s (METHOD:cpuMicros → CPU µs per second)
  awk -F, -v m="$1" -v p="$2" '{gsub(/["\r]/,"")} $1 ~ ("\\." m "$") && $NF==p {print $5}' "$OUT/jmh.csv"
}
jmh_cpu_us() { # jmh_cpu_us METHOD PROVIDER → thread CPU µs per operation (falls back to 1e6 / ops/s)
  local ops cpu; ops=$(jmh "$1" "$2"); cpu=$(jmh "$1:cpuMicros" "$2")
  awk -v o="$ops" -v c="$cpu" 'BEGIN{ if (c > 0) printf "%.1f", c / o; else printf "%.1f", 1e6 / o }'
}
sed -n '/^Benchmark/,$p' "$OUT/jmh.log" >"$OUT/jmh.txt"
cat "$OUT/jmh.txt" >&2

# ---------------------------------------------------------------- 1. start Redis, sandbox, gateway, baselines
start_redis
pick_server_ports

# The per-client inbound rate limit (konagw.auth.rate-limit, 500/s by default) would cap every benchmark at its
# replenish rate: off here, so the benchmarks measure the facade. GATEWAY_EXTRA_ARGS adds/overrides gateway options,
# e.g. GATEWAY_EXTRA_ARGS="--konagw.auth.rate-limit.enabled=true --konagw.auth.rate-limit.replenish-rate=1000000
# --konagw.auth.rate-limit.burst-capacity=1000000" to measure the limiter's own cost.
GATEWAY_ARGS=(--konagw.auth.rate-limit.enabled=false ${GATEWAY_EXTRA_ARGS:-})
INQ=/api/v1/card/virtual-account/inquiry
if ! ((ONLY_MISSES)); then
start_sandbox jdk
start_gateway jdk

MIN_PORT=$(pick_port 18082)
start minimal java "${JOPTS[@]}" -cp "$BENCH_CP" konagw.bench.baseline.MinimalHandlerApp \
  --server.port="$MIN_PORT" --server.address=127.0.0.1
BARE_PORT=$(pick_port $((MIN_PORT + 1)))
[[ $BARE_PORT == "$MIN_PORT" ]] && BARE_PORT=$(pick_port $((MIN_PORT + 1)))
start bare java "${JOPTS[@]}" -cp "$BENCH_CP" konagw.bench.baseline.BareGatewayApp \
  --server.port="$BARE_PORT" --server.address=127.0.0.1 --bench.upstream="http://127.0.0.1:$MIN_PORT"
post() { curl -s -o "$OUT/last-body" -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "$1"; }
for _ in $(seq 1 120); do [[ $(post "http://127.0.0.1:$MIN_PORT$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] && break; kill -0 "$minimal_PID" || die "minimal handler exited"; sleep 0.5; done
[[ $(post "http://127.0.0.1:$MIN_PORT$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] || die "minimal handler does not answer"
log "minimal handler up (pid $minimal_PID) on $MIN_PORT"
for _ in $(seq 1 120); do [[ $(post "http://127.0.0.1:$BARE_PORT$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] && break; kill -0 "$bare_PID" || die "bare gateway exited"; sleep 0.5; done
[[ $(post "http://127.0.0.1:$BARE_PORT$INQ" '{"cardNo":"9410000000000001"}') == 200 ]] || die "bare gateway does not route"
log "bare Spring Cloud Gateway up (pid $bare_PID) on $BARE_PORT"

# The warm call: the first inquiry is a miss through the sandbox, the second must be a hit.
code=$(post "http://127.0.0.1:$GATEWAY_PORT$INQ" '{"cardNo":"9410000000000001"}')
[[ $code == 200 ]] || { cat "$OUT/last-body" >&2; die "gateway warm call answered $code"; }
x_cache() { curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "$2" "$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}'; }
for _ in $(seq 1 40); do  # the cache write completes after the answer
  hdr=$(x_cache "http://127.0.0.1:$GATEWAY_PORT$INQ" '{"cardNo":"9410000000000001"}')
  [[ $hdr == HIT ]] && break; sleep 0.25
done
[[ $hdr == HIT ]] || die "inquiries after the warm call are not cache hits (X-Cache: $hdr; redis dbsize $(redis-cli -p "$REDIS_PORT" dbsize))"
log "gateway up, cache hit confirmed"

# ---------------------------------------------------------------- benchmark 1: cache hits vs baselines
for target in minimal bare gateway; do
  case $target in
    minimal) url="http://127.0.0.1:$MIN_PORT$INQ"; pids=("$minimal_PID") ;;
    bare)    url="http://127.0.0.1:$BARE_PORT$INQ"; pids=("$bare_PID" "$minimal_PID") ;;
    gateway) url="http://127.0.0.1:$GATEWAY_PORT$INQ"; pids=("$gateway_PID" "$redis_PID") ;;
  esac
  log "benchmark 1: $target warm-up ${WARM1}s"
  warm "$url" hit.lua "$CONNS" "$WARM1"
  load "b1-$target" "$url" hit.lua "$CONNS" "$MEAS1" "${pids[@]}"
done

# ---------------------------------------------------------------- benchmark 3: batch (jdk provider)
BATCH_URL="http://127.0.0.1:$GATEWAY_PORT$INQ/batch"
BATCH_STATE=pending
body=$(awk -v n=$BATCH_SIZE 'BEGIN{printf "{\"cardNos\":["; for(i=0;i<n;i++) printf "%s\"9420%012d\"", (i?",":""), i; print "]}"}')
code=$(post "$BATCH_URL" "$body")
if [[ $code == 200 ]] && [[ $(grep -o '"accountNo"' "$OUT/last-body" | wc -l) == "$BATCH_SIZE" ]]; then
  BATCH_STATE=ok
  export BATCH_SIZE
  log "benchmark 3: batch of $BATCH_SIZE, cached"
  BATCH_MODE=cached warm "$BATCH_URL" batch.lua 8 "$WARM3"
  BATCH_MODE=cached load b3-cached "$BATCH_URL" batch.lua 8 "$MEAS3" "$gateway_PID" "$redis_PID"
  log "benchmark 3: batch of $BATCH_SIZE, fresh"
  BATCH_MODE=fresh load b3-fresh "$BATCH_URL" batch.lua 2 "$MEAS3" "$gateway_PID" "$sandbox_PID"
else
  log "benchmark 3: batch endpoint not available (HTTP $code): reported as pending"
fi
# Raw MGET of 100 keys with values the size of a sealed entry, on the same Redis.
value=$(head -c 60 /dev/urandom | base64 -w0 | cut -c1-72)
for i in $(seq 1 100); do echo "SET k$i $value"; done | redis-cli -p "$REDIS_PORT" >/dev/null
keys=$(seq -f 'k%g' 1 100 | tr '\n' ' ')
# shellcheck disable=SC2086
# Two settings: redis-benchmark's defaults (50 connections, one command in flight per connection: the setting
# behind the issue's orientation figure of ~2.2M keys/s, and how a request/response client meets Redis), which is
# the T3 reference; and 16 commands pipelined per connection, Redis's own ceiling, reported next to it.
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -n "$MGET_N" -q MGET $keys >"$OUT/mget.txt" 2>&1 || die "redis-benchmark"
# shellcheck disable=SC2086
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -n "$((MGET_N * 4))" -P 16 -q MGET $keys >"$OUT/mget-p16.txt" 2>&1 || die "redis-benchmark -P 16"
mget_rps() { tr '\r' '\n' <"$1" | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1; }
MGET_RPS=$(mget_rps "$OUT/mget.txt"); MGET_P16_RPS=$(mget_rps "$OUT/mget-p16.txt")
MGET_KEYS=$(awk -v r="$MGET_RPS" 'BEGIN{printf "%.0f", r * 100}')
MGET_P16_KEYS=$(awk -v r="$MGET_P16_RPS" 'BEGIN{printf "%.0f", r * 100}')
log "redis-benchmark MGET 100 keys: $MGET_RPS req/s = $MGET_KEYS keys/s; with -P 16: $MGET_P16_RPS req/s = $MGET_P16_KEYS keys/s"

stop_pid "$bare_PID"; stop_pid "$minimal_PID"
fi  # ONLY_MISSES

# ---------------------------------------------------------------- benchmark 2: misses, per provider
for prov in "${PROVIDERS[@]}"; do
  # Fresh sandbox and gateway per provider, so both get exactly the same warm-up.
  stop_pid "${gateway_PID:-}"; stop_pid "${sandbox_PID:-}"
  start_sandbox "$prov"
  start_gateway "$prov"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  log "benchmark 2: misses with $prov, warm-up ${WARM2}s"
  warm "http://127.0.0.1:$GATEWAY_PORT$INQ" miss.lua "$MISS_CONNS" "$WARM2"
  load "b2-$prov" "http://127.0.0.1:$GATEWAY_PORT$INQ" miss.lua "$MISS_CONNS" "$MEAS2" "$gateway_PID" "$sandbox_PID"
done
# The same misses over HTTPS (the sandbox's generated CA trusted through an SSL bundle), the last provider: what TLS
# adds per miss with the handshakes amortised over the pool. BENCH_TLS=0 skips it.
TLS_PROV=${PROVIDERS[${#PROVIDERS[@]}-1]}
if [[ ${BENCH_TLS:-1} == 1 ]]; then
  stop_pid "${gateway_PID:-}"; stop_pid "${sandbox_PID:-}"
  SANDBOX_TLS=1 start_sandbox "$TLS_PROV"
  SANDBOX_TLS=1 start_gateway "$TLS_PROV"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  log "benchmark 2: misses with $TLS_PROV over TLS, warm-up ${WARM2}s"
  warm "http://127.0.0.1:$GATEWAY_PORT$INQ" miss.lua "$MISS_CONNS" "$WARM2"
  load "b2-tls" "http://127.0.0.1:$GATEWAY_PORT$INQ" miss.lua "$MISS_CONNS" "$MEAS2" "$gateway_PID" "$sandbox_PID"
fi
if ((PROFILE)); then stop_pid "$gateway_PID"; fi  # JFR dumps on exit

# ---------------------------------------------------------------- summary
S=$OUT/summary.txt
{
  echo "konagw bench $( ((QUICK)) && echo '(QUICK run: short durations, indicative only)' ) — $(date -Is)"
  sed -n '2,5p' "$OUT/machine.txt"
  echo
  line="JWE CPU µs/op from JMH (thread CPU time):"
  for prov in "${PROVIDERS[@]}"; do line+=" $prov enc $(jmh_cpu_us jweEncrypt "$prov") dec $(jmh_cpu_us jweDecrypt "$prov");"; done
  echo "${line%;}"
  echo
  printf '%-44s %12s %9s %9s %14s\n' "load (wrk -t1)" "req/s" "p50 ms" "p99 ms" "CPU µs/req"
  if ! ((ONLY_MISSES)); then
    printf '%-44s %12s %9s %9s %14s\n' "1 minimal WebFlux handler (-c$CONNS)" "$(res b1-minimal 1)" "$(res b1-minimal 2)" "$(res b1-minimal 3)" "$(res b1-minimal 6)"
    printf '%-44s %12s %9s %9s %14s\n' "1 bare SCG route → minimal (-c$CONNS)" "$(res b1-bare 1)" "$(res b1-bare 2)" "$(res b1-bare 3)" "$(res b1-bare 6) (+$(res b1-bare 7) upstream)"
    printf '%-44s %12s %9s %9s %14s\n' "1 konagw cache hit (-c$CONNS)" "$(res b1-gateway 1)" "$(res b1-gateway 2)" "$(res b1-gateway 3)" "$(res b1-gateway 6) (+$(res b1-gateway 7) redis)"
  fi
  for prov in "${PROVIDERS[@]}"; do
    printf '%-44s %12s %9s %9s %14s\n' "2 konagw cache miss, $prov (-c$MISS_CONNS)" "$(res b2-$prov 1)" "$(res b2-$prov 2)" "$(res b2-$prov 3)" "$(res b2-$prov 6) (+$(res b2-$prov 7) sandbox)"
  done
  if [[ -f $OUT/b2-tls.res ]]; then
    printf '%-44s %12s %9s %9s %14s\n' "2 konagw cache miss, $TLS_PROV, over TLS" "$(res b2-tls 1)" "$(res b2-tls 2)" "$(res b2-tls 3)" "$(res b2-tls 6) (+$(res b2-tls 7) sandbox)"
  fi
  if ! ((ONLY_MISSES)); then
    if [[ $BATCH_STATE == ok ]]; then
      for m in cached fresh; do
        printf '%-44s %12s %9s %9s %14s\n' "3 batch of $BATCH_SIZE, $m (req/s)" "$(res b3-$m 1)" "$(res b3-$m 2)" "$(res b3-$m 3)" "$(awk -v c="$(res b3-$m 6)" -v n=$BATCH_SIZE 'BEGIN{printf "%.1f/card", c/n}')"
      done
    else
      echo "3 batch: pending (POST $INQ/batch not available)"
    fi
    echo "3 redis-benchmark MGET 100 keys (defaults, -c50): $MGET_RPS req/s = $MGET_KEYS keys/s"
    echo "3 redis-benchmark MGET 100 keys -P 16:           $MGET_P16_RPS req/s = $MGET_P16_KEYS keys/s"
  fi
  echo
  echo "JMH (single thread, ops/s):"
  cat "$OUT/jmh.txt"
  [[ -n $FALLBACK ]] && echo "WARNING: fell back to jdk for:$FALLBACK"
  echo
  echo "targets (ratios within this run):"
  verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN{ok = (op == ">=") ? (v >= t) : (v <= t); print (ok ? "PASS" : "FAIL")}'; }
  if ! ((ONLY_MISSES)); then
    r=$(awk -v a="$(res b1-gateway 1)" -v b="$(res b1-minimal 1)" 'BEGIN{printf "%.2f", a / b}')
    echo "T1a cache-hit throughput / minimal handler      = $r  (target >= 0.67)  $(verdict "$r" 0.67 '>=')"
    r=$(awk -v a="$(res b1-gateway 3)" -v b="$(res b1-minimal 3)" 'BEGIN{printf "%.2f", a / b}')
    echo "T1b cache-hit p99 / minimal handler p99         = $r  (target <= 2.00)  $(verdict "$r" 2 '<=')"
  fi
  # T2: what a miss costs beyond its mandated crypto, in minimal-handler requests (DESIGN.md, "Performance targets")
  for prov in "${PROVIDERS[@]}"; do
    enc=$(jmh_cpu_us jweEncrypt "$prov"); dec=$(jmh_cpu_us jweDecrypt "$prov")
    unit=$(awk -v e="$enc" -v d="$dec" 'BEGIN{printf "%.0f", e + d}')
    raw=$(awk -v c="$(res b2-$prov 6)" -v u="$unit" 'BEGIN{printf "%.2f", c / u}')
    if ((ONLY_MISSES)); then
      printf 'T2  %-4s miss overhead / minimal request        = pending (needs benchmark 1; CPU/miss %s µs = %s × JWE %s µs)\n' "$prov" "$(res b2-$prov 6)" "$raw" "$unit"
    else
      minimal=$(res b1-minimal 6)
      r=$(awk -v c="$(res b2-$prov 6)" -v u="$unit" -v m="$minimal" 'BEGIN{printf "%.2f", (c - u) / m}')
      printf 'T2  %-4s miss overhead / minimal request        = %s  ((%s - %s) µs / %s µs; target <= 4)  %s\n' "$prov" "$r" "$(res b2-$prov 6)" "$unit" "$minimal" "$(verdict "$r" 4 '<=')"
      printf '    (CPU per miss / JWE enc+dec: %s, the earlier yardstick)\n' "$raw"
    fi
  done
  if [[ -f $OUT/b2-tls.res ]]; then
    echo "    TLS per miss ($TLS_PROV): $(awk -v t="$(res b2-tls 6)" -v p="$(res b2-$TLS_PROV 6)" 'BEGIN{printf "%+.1f", t - p}') µs gateway CPU (over TLS $(res b2-tls 6) against plain $(res b2-$TLS_PROV 6))"
  fi
  if ! ((ONLY_MISSES)); then
    if [[ $BATCH_STATE == ok ]]; then
      # T3: a cached card of a 1,000-card batch against its mandated crypto (HMAC key + AES-GCM open, jdk)
      key=$(jmh_cpu_us cacheKey jdk); open=$(jmh_cpu_us cacheOpen jdk)
      per_card=$(awk -v c="$(res b3-cached 6)" -v n=$BATCH_SIZE 'BEGIN{printf "%.2f", c / n}')
      crypto=$(awk -v k="$key" -v o="$open" 'BEGIN{printf "%.2f", k + o}')
      r=$(awk -v a="$per_card" -v b="$crypto" 'BEGIN{printf "%.2f", a / b}')
      echo "T3  cached-card CPU / its crypto (HMAC + open)  = $r  ($per_card µs / $crypto µs; target <= 2)  $(verdict "$r" 2 '<=')"
      cards=$(awk -v r="$(res b3-cached 1)" -v n=$BATCH_SIZE 'BEGIN{printf "%.0f", r * n}')
      r=$(awk -v a="$cards" -v b="$MGET_KEYS" 'BEGIN{printf "%.2f", a / b}')
      echo "    (cached batch cards/s / MGET keys/s, the earlier yardstick: $r, $cards / $MGET_KEYS)"
    else
      echo "T3  cached-card CPU / its crypto                = pending (batch endpoint not available)"
    fi
  fi
} >"$S"

if ((PROFILE)) && command -v jfr >/dev/null; then
  for f in "$OUT"/gateway-*.jfr; do
    [[ -f $f ]] || continue
    jfr print --events jdk.ExecutionSample "$f" 2>/dev/null \
      | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/,""); sub(/line:.*/,""); print}' \
      | sort | uniq -c | sort -rn | head -25 >"${f%.jfr}-top.txt" || true
    # inclusive: any frame of the konagw code or a few libraries of interest, counted once per sample
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$f" 2>/dev/null \
      | awk '/stackTrace = \[/{inside=1; delete seen; next} inside && /^[ \t]*\]/{inside=0; next}
             inside { l=$0; sub(/^[ \t]+/,"",l); sub(/\(.*/,"",l); if (!(l in seen)) { seen[l]=1; c[l]++ } }
             END { for (k in c) print c[k], k }' | sort -rn | head -40 >"${f%.jfr}-inclusive.txt" || true
    { echo; echo "JFR top frames (self), $(basename "$f"):"; cat "${f%.jfr}-top.txt"; } >>"$S"
  done
fi
echo "other busy processes seen during the run (pcpu > 5%):" >"$OUT/others-summary.txt"
grep -v '^---' "$OUT/others.txt" | awk '{ $1=""; print }' | sort | uniq -c | sort -rn | head -10 >>"$OUT/others-summary.txt" || true
cat "$OUT/others-summary.txt" >&2
echo >&2
cat "$S"
log "output in $OUT"

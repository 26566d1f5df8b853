#!/usr/bin/env bash
# konagw batch-job benchmark (issue 15, section 5). Loopback only, bounded in time, stops everything it started.
#   bench/jobs.sh   ≈ 6 min on 2 cores:
#     cold: a job of JOBS_COLD (20,000) never-seen cards under a quota of JOBS_RATE (400) permits/s, batch share 1.0,
#           against the ideal cards / rate; then the synchronous batch on as many other never-seen cards
#           (requests of 10,000, one after another), same quota;
#     warm: JOBS_WARM (1,000,000) cards seeded into Redis as the gateway would have cached them, looked up as one
#           job and as synchronous batches of 10,000 (JOBS_BATCH_PARALLEL, 4, at once): cards/s of each, the
#           gateway's heap after a full GC before and after the job, Redis bytes per job card.
#   Both paths are warmed up first, not measured (JOBS_WARMUP never-seen cards each, 2,000; then all the cached
#   cards once as a job and once as the batches), so that neither pays for the JIT's first minutes. Job status is
#   polled every 0.5 s with curl and grep only: on 2 cores a poller that starts python every 0.2 s takes ~15 % of a
#   core from the job it measures. The warm job's Redis command statistics go to redis-commandstats-job.txt.
# Environment: BENCH_OUT, JAVA_OPTS_BENCH (default -Xms512m -Xmx512m), JOBS_PROVIDER (default jdk), and the above.
set -euo pipefail

QUICK=0
PROFILE=0
COLD=${JOBS_COLD:-20000}
RATE=${JOBS_RATE:-400}
WARM=${JOBS_WARM:-1000000}
PARALLEL=${JOBS_BATCH_PARALLEL:-4}
PROVIDER=${JOBS_PROVIDER:-jdk}
BATCH_MAX=10000
command -v python3 >/dev/null || { echo "python3 is needed to read the status documents" >&2; exit 1; }

# shellcheck source=bench/lib.sh
RUN_NAME=jobs
source "$(dirname "$0")/lib.sh"

INQ=/api/v1/card/virtual-account/inquiry
start_redis
pick_server_ports
GATEWAY_ARGS=(--konagw.auth.rate-limit.enabled=false --konagw.upstream.rate-limit.enabled=true
  --konagw.upstream.rate-limit.permits-per-second="$RATE" --konagw.upstream.rate-limit.batch-share=1.0
  ${GATEWAY_EXTRA_ARGS:-})
start_sandbox "$PROVIDER"
start_gateway "$PROVIDER"
BASE=http://127.0.0.1:$GATEWAY_PORT

now() { date +%s.%N; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
# Cards are the sandbox's 9420… ones (an account for each), from three ranges that never meet.
ndjson_cards() { # FROM COUNT
  awk -v f="$1" -v n="$2" 'BEGIN{for (i = 0; i < n; i++) printf "{\"cardNo\":\"9420%012.0f\"}\n", f + i}'
}
json_cards() { # FROM COUNT
  awk -v f="$1" -v n="$2" 'BEGIN{printf "{\"cardNos\":["; for (i = 0; i < n; i++) printf "%s\"9420%012.0f\"", (i ? "," : ""), f + i; print "]}"}'
}
iso_s() { date -d "$1" +%s.%N; }
heap_after_gc() { # MB used after a full GC
  jcmd "$gateway_PID" GC.run >/dev/null 2>&1 || true
  jcmd "$gateway_PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); printf "%.0f", v / 1024; exit}}'
}
redis_used() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" {print $2}'; }

# run_job LABEL FILE CONTENT_TYPE → $OUT/LABEL.status (final status document), prints client-side seconds
run_job() {
  local label=$1 file=$2 type=$3 t0 t1 loc state
  t0=$(now)
  curl -s -D "$OUT/$label.headers" -o "$OUT/$label.submit" -H "Content-Type: $type" --data-binary @"$file" "$BASE$INQ/jobs"
  loc=$(tr -d '\r' <"$OUT/$label.headers" | awk -F': ' 'tolower($1) == "location" {print $2}')
  [[ -n $loc ]] || { cat "$OUT/$label.submit" >&2; die "$label: job not accepted"; }
  while :; do
    curl -s -o "$OUT/$label.status" "$BASE$loc"
    state=$(grep -o '"state":"[A-Z]*"' "$OUT/$label.status" | cut -d'"' -f4)
    case $state in DONE|FAILED|CANCELLED) break ;; esac
    kill -0 "$gateway_PID" 2>/dev/null || die "gateway exited during $label"
    sleep 0.5
  done
  t1=$(now)
  [[ $state == DONE ]] || die "$label ended $state"
  curl -s -o "$OUT/$label.results" "$BASE$loc/results"
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}'
}
job_seconds() { # the job's own createdAt → finishedAt
  awk -v a="$(iso_s "$(field "$1" 'd["createdAt"]')")" -v b="$(iso_s "$(field "$1" 'd["finishedAt"]')")" 'BEGIN{printf "%.2f", b - a}'
}
errors_of() { field "$1" 'd["errors"].get("'"$2"'", 0)'; }

# ---------------------------------------------------------------- warm-up (not measured)
# The first misses of a fresh JVM run interpreted (RSA among them): whichever of job and batch went first would pay
# for it. Both paths do a few thousand misses first, on cards of their own.
WARMUP=${JOBS_WARMUP:-2000}
log "warm-up: a job and a batch of $WARMUP never-seen cards each"
ndjson_cards 500000000000 "$WARMUP" >"$OUT/warmup-job.ndjson"
run_job warmup-job "$OUT/warmup-job.ndjson" application/x-ndjson >/dev/null
json_cards 510000000000 "$WARMUP" >"$OUT/warmup-batch.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$OUT/warmup-batch.json" "$BASE$INQ/batch")
[[ $code == 200 ]] || die "warm-up batch answered $code"

# ---------------------------------------------------------------- cold job under the quota
log "cold job: $COLD never-seen cards, quota $RATE permits/s (batch share 1.0)"
ndjson_cards 100000000000 "$COLD" >"$OUT/cold-job.ndjson"
COLD_JOB_CLIENT=$(run_job cold-job "$OUT/cold-job.ndjson" application/x-ndjson)
COLD_JOB=$(job_seconds "$OUT/cold-job.status")
COLD_IDEAL=$(awk -v n="$COLD" -v r="$RATE" 'BEGIN{printf "%.2f", n / r}')
COLD_JOB_900=$(errors_of "$OUT/cold-job.status" 900_001)
COLD_JOB_CALLS=$(field "$OUT/cold-job.status" 'd["upstreamCalls"]')
log "cold job: ${COLD_JOB}s (client ${COLD_JOB_CLIENT}s), ideal ${COLD_IDEAL}s, upstream calls $COLD_JOB_CALLS, 900_001: $COLD_JOB_900"

log "cold synchronous batch: $COLD never-seen cards in requests of $BATCH_MAX, one after another"
COLD_BATCH_900=0
t0=$(now)
for ((from = 0; from < COLD; from += BATCH_MAX)); do
  n=$((COLD - from < BATCH_MAX ? COLD - from : BATCH_MAX))
  json_cards $((200000000000 + from)) "$n" >"$OUT/cold-batch.json"
  code=$(curl -s -o "$OUT/cold-batch.out" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$OUT/cold-batch.json" "$BASE$INQ/batch")
  [[ $code == 200 ]] || die "cold batch answered $code"
  COLD_BATCH_900=$((COLD_BATCH_900 + $(field "$OUT/cold-batch.out" 'd["summary"]["errors"].get("900_001", 0)')))
done
COLD_BATCH=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.2f", b - a}')
log "cold batch: ${COLD_BATCH}s, ideal ${COLD_IDEAL}s, 900_001: $COLD_BATCH_900"

# ---------------------------------------------------------------- warm: a million cached cards
log "warm: seeding $WARM cards into Redis"
java -cp "$BENCH_CP" konagw.bench.jobs.CacheSeeder "$CACHE_SECRET" 9420300000000000 "$WARM" 86400 \
  | redis-cli -p "$REDIS_PORT" --pipe >"$OUT/seed.log" 2>&1 || die "seeding, see $OUT/seed.log"
mkdir -p "$OUT/warm-batches"
for ((from = 0; from < WARM; from += BATCH_MAX)); do
  n=$((WARM - from < BATCH_MAX ? WARM - from : BATCH_MAX))
  json_cards $((300000000000 + from)) "$n" >"$OUT/warm-batches/$from.json"
done
warm_batches() { # LABEL: every warm batch file, PARALLEL at once; prints seconds
  local t0; t0=$(now)
  ls "$OUT/warm-batches" | xargs -P "$PARALLEL" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -H 'Content-Type: application/json' --data-binary @"$OUT/warm-batches/{}" "$BASE$INQ/batch" >"$OUT/$1.codes"
  [[ $(grep -vc '^200$' "$OUT/$1.codes") == 0 ]] || die "a $1 request did not answer 200"
  awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.2f", b - a}'
}
# warm-up of the cached paths (not measured), the same work for both: every card once as a job, every batch once
WARMUP_CARDS=$WARM
json_cards 300000000000 "$WARMUP_CARDS" | tr -d '\n' >"$OUT/warmup-warm-job.json"
run_job warmup-warm-job "$OUT/warmup-warm-job.json" application/json >/dev/null
log "warm-up: a job of $WARMUP_CARDS cached cards, then the batches once: $(warm_batches warmup-warm-batch)s"
HEAP_BEFORE=$(heap_after_gc)
REDIS_BEFORE=$(redis_used)
json_cards 300000000000 "$WARM" | tr -d '\n' >"$OUT/warm-job.json"
log "warm job: $WARM cached cards ($(stat -c %s "$OUT/warm-job.json") bytes of JSON)"
redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
WARM_JOB_CLIENT=$(run_job warm-job "$OUT/warm-job.json" application/json)
WARM_JOB=$(job_seconds "$OUT/warm-job.status")
REDIS_AFTER=$(redis_used)
HEAP_AFTER=$(heap_after_gc)
WARM_HITS=$(field "$OUT/warm-job.status" 'd["cacheHits"]')
WARM_LINES=$(grep -c '"index"' "$OUT/warm-job.results" || true)
log "warm job: ${WARM_JOB}s (client ${WARM_JOB_CLIENT}s), cache hits $WARM_HITS, result lines $WARM_LINES"

redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' >"$OUT/redis-commandstats-job.txt"
log "warm synchronous batch: the same $WARM cards in requests of $BATCH_MAX, $PARALLEL at once"
WARM_BATCH=$(warm_batches warm-batch)
log "warm batch: ${WARM_BATCH}s"

# ---------------------------------------------------------------- summary
S=$OUT/summary.txt
{
  echo "konagw jobs bench — $(date -Is)"
  sed -n '2,5p' "$OUT/machine.txt"
  echo "provider $PROVIDER; quota $RATE permits/s, batch share 1.0; job chunks: defaults (500 entries, 4 at once)"
  echo
  echo "cold, $COLD never-seen cards (ideal = cards / quota = ${COLD_IDEAL}s):"
  printf '  job   %8ss  = %s × ideal  (upstream calls %s, 900_001 %s; client-side %ss)\n' "$COLD_JOB" \
    "$(awk -v a="$COLD_JOB" -v b="$COLD_IDEAL" 'BEGIN{printf "%.3f", a / b}')" "$COLD_JOB_CALLS" "$COLD_JOB_900" "$COLD_JOB_CLIENT"
  printf '  batch %8ss  = %s × ideal  (900_001 %s; %d requests of ≤ %d)\n' "$COLD_BATCH" \
    "$(awk -v a="$COLD_BATCH" -v b="$COLD_IDEAL" 'BEGIN{printf "%.3f", a / b}')" "$COLD_BATCH_900" $(((COLD + BATCH_MAX - 1) / BATCH_MAX)) "$BATCH_MAX"
  echo
  echo "warm, $WARM cached cards:"
  JOB_RATE=$(awk -v n="$WARM" -v s="$WARM_JOB" 'BEGIN{printf "%.0f", n / s}')
  BATCH_RATE=$(awk -v n="$WARM" -v s="$WARM_BATCH" 'BEGIN{printf "%.0f", n / s}')
  printf '  job   %8ss  = %s cards/s (client-side %ss, cache hits %s, result lines %s)\n' "$WARM_JOB" "$JOB_RATE" "$WARM_JOB_CLIENT" "$WARM_HITS" "$WARM_LINES"
  printf '  batch %8ss  = %s cards/s (%d requests of %d, %d at once)\n' "$WARM_BATCH" "$BATCH_RATE" $((WARM / BATCH_MAX)) "$BATCH_MAX" "$PARALLEL"
  printf '  heap after full GC: %s MB before the job, %s MB after (-Xmx: %s)\n' "$HEAP_BEFORE" "$HEAP_AFTER" "${JOPTS[*]}"
  printf '  Redis: %s bytes per job card (used_memory %s → %s, results kept for the retention)\n' \
    "$(awk -v a="$REDIS_BEFORE" -v b="$REDIS_AFTER" -v n="$WARM" 'BEGIN{printf "%.0f", (b - a) / n}')" "$REDIS_BEFORE" "$REDIS_AFTER"
  echo
  echo "targets:"
  verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN{ok = (op == ">=") ? (v >= t) : (v <= t); print (ok ? "PASS" : "FAIL")}'; }
  r=$(awk -v a="$COLD_JOB" -v b="$COLD_IDEAL" 'BEGIN{printf "%.3f", a / b}')
  echo "cold job wall / ideal                 = $r  (target <= 1.05, zero 900_001: $COLD_JOB_900)  $(verdict "$r" 1.05 '<=')"
  r=$(awk -v a="$JOB_RATE" -v b="$BATCH_RATE" 'BEGIN{printf "%.2f", a / b}')
  echo "warm job cards/s / sync batch cards/s = $r  (target >= 0.8)  $(verdict "$r" 0.8 '>=')"
} >"$S"
cat "$S"
log "output in $OUT"

# Shared by run.sh and jobs.sh: paths and output directory, cleanup by pid, tools, jars, machine record, load
# helpers, and the servers. Sourced, not run; expects QUICK and PROFILE, and RUN_NAME names the output directory.
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
OUT=${BENCH_OUT:-$BENCH/target/${RUN_NAME:-run}-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
JOPTS=(${JAVA_OPTS_BENCH:--Xms512m -Xmx512m})
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" | tee -a "$OUT/run.log" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup: everything we started, by pid
PIDS=()
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-benchmark >/dev/null || need+=(redis-tools)
command -v redis-cli >/dev/null || need+=(redis-tools)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${need[*]}"
    apt-get install -y "${need[@]}" >"$OUT/apt.log" 2>&1 || { apt-get update >>"$OUT/apt.log" 2>&1 && apt-get install -y "${need[@]}" >>"$OUT/apt.log" 2>&1; } || die "apt-get install ${need[*]}"
  else
    die "missing tools: ${need[*]} (apt-get install -y wrk redis-server redis-tools curl)"
  fi
fi
command -v java >/dev/null || die "java not on PATH"

# ---------------------------------------------------------------- jars and class path
gateway_jar() { ls "$ROOT"/gateway/target/gateway-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e '\.original' | head -1; }
sandbox_jar() { ls "$ROOT"/sandbox/target/sandbox-*-exec.jar 2>/dev/null | head -1; }
if [[ -z $(gateway_jar) || -z $(sandbox_jar) || ! -f $BENCH/target/classes/META-INF/BenchmarkList ]]; then
  log "building the jars (./mvnw -B -q -o install -DskipTests)"
  (cd "$ROOT" && { ./mvnw -B -q -o install -DskipTests || ./mvnw -B -q install -DskipTests; }) >"$OUT/build.log" 2>&1 || die "build, see $OUT/build.log"
fi
GATEWAY_JAR=$(gateway_jar); SANDBOX_JAR=$(sandbox_jar)
CPFILE=$BENCH/target/classpath.txt
if [[ ! -s $CPFILE || $BENCH/pom.xml -nt $CPFILE ]]; then
  (cd "$ROOT" && ./mvnw -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
      -Dmdep.includeScope=runtime -Dmdep.excludeArtifactIds=gateway,sandbox) >"$OUT/classpath.log" 2>&1 \
    || die "bench class path, see $OUT/classpath.log"
fi
BENCH_CP=$BENCH/target/classes:$(cat "$CPFILE")
ACCP_JAR=$(tr ':' '\n' <"$CPFILE" | grep AmazonCorrettoCryptoProvider | head -1)
[[ -f $ACCP_JAR ]] || die "ACCP jar not found in the bench class path"

# ---------------------------------------------------------------- machine
{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo "memory: $(free -g | awk '/Mem:/{print $2" GiB total, "$7" GiB available"}')"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); redis: $(redis-server --version | cut -d' ' -f3)"
  echo "mode: $( ((QUICK)) && echo quick || echo full ); git: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "busiest other processes at start:"; ps -eo pid,pcpu,etime,args --sort=-pcpu | head -6 | cut -c1-150 || true
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2
snapshot_others() { { ps -eo pcpu,args --sort=-pcpu | awk 'NR>1 && $1>5' | head -5 | cut -c1-120 >>"$OUT/others.txt"; } || true; echo --- >>"$OUT/others.txt"; }

# ---------------------------------------------------------------- helpers
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { local p=$1; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# per-thread CPU ticks of a process grouped by thread name (digits stripped): "name ticks" lines
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*/stat; do cat "$t" 2>/dev/null; done \
    | sed -E 's/^[0-9]+ \((.*)\) /\1\t/' | awk -F'\t' '{split($2, f, " "); n=$1; gsub(/[0-9]+/, "", n); gsub(/ /, "_", n); c[n] += f[12] + f[13]} END {for (k in c) print k, c[k]}' | sort
}
to_ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v }'; }

# start NAME CMD... : runs in the background, output in $OUT/NAME.log, pid in ${NAME}_PID
start() {
  local name=$1; shift
  "$@" >"$OUT/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  printf -v "${name}_PID" '%s' "$pid"
}
# wait_for NAME PID URL [SECONDS]
wait_for() {
  local name=$1 pid=$2 url=$3 limit=${4:-90} i
  for ((i = 0; i < limit * 4; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$OUT/$name.log" >&2; die "$name exited during startup (log: $OUT/$name.log)"; }
    curl -skf -o /dev/null "$url" && { log "$name up (pid $pid)"; return 0; }
    sleep 0.25
  done
  tail -30 "$OUT/$name.log" >&2
  die "$name did not answer $url within ${limit}s"
}

# load LABEL URL LUA CONNS SECONDS PID...  → $OUT/LABEL.wrk and $OUT/LABEL.res (rps p50 p99 requests non2xx cpu_us...)
load() {
  local label=$1 url=$2 lua=$3 conns=$4 secs=$5; shift 5
  local pids=("$@") before=() after=() p
  thread_ticks "${pids[0]}" >"$OUT/$label.threads-before"
  for p in "${pids[@]}"; do before+=("$(ticks "$p")"); done
  wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$BENCH/lua/$lua" "$url" >"$OUT/$label.wrk" 2>&1 || die "wrk $label"
  for p in "${pids[@]}"; do after+=("$(ticks "$p")"); done
  thread_ticks "${pids[0]}" >"$OUT/$label.threads-after"
  local rps p50 p99 reqs bad
  rps=$(awk '/^Requests\/sec/{print $2}' "$OUT/$label.wrk")
  p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$OUT/$label.wrk")")
  p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$OUT/$label.wrk")")
  reqs=$(awk '/requests in/{print $1}' "$OUT/$label.wrk")
  bad=$(awk '/Non-2xx/{print $NF}' "$OUT/$label.wrk"); bad=${bad:-0}
  local errs; errs=$(awk '/Socket errors/{print}' "$OUT/$label.wrk")
  local line="$rps $p50 $p99 $reqs $bad" i
  for i in "${!pids[@]}"; do
    line+=" $(awk -v d=$((after[i] - before[i])) -v n="$reqs" -v t="$CLK_TCK" 'BEGIN{printf("%.1f", (n > 0) ? d / t / n * 1e6 : 0)}')"
  done
  echo "$line" >"$OUT/$label.res"
  # CPU µs per request by thread group of the first process (event loops, crypto, Lettuce, JIT, GC, …)
  join -a2 -e0 -o 0,1.2,2.2 "$OUT/$label.threads-before" "$OUT/$label.threads-after" \
    | awk -v n="$reqs" -v t="$CLK_TCK" '{d = $3 - $2; if (d > 0 && n > 0) printf "%-28s %9.1f µs/req\n", $1, d / t / n * 1e6}' \
    | sort -k2 -rn >"$OUT/$label.threads"
  log "$label: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, $reqs requests, non-2xx $bad${errs:+, $errs}, CPU µs/req per process: ${line#* * * * * }"
  snapshot_others
}
warm() { # warm URL LUA CONNS SECONDS
  wrk -t1 -c"$3" -d"${4}s" --timeout 10s -s "$BENCH/lua/$2" "$1" >/dev/null 2>&1 || die "wrk warm-up $1"
}
res() { awk -v f="$2" '{print $f}' "$OUT/$1.res"; }

# ---------------------------------------------------------------- servers
start_redis() { # sets REDIS_PORT
  REDIS_PORT=$(pick_port 16379)
  start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --protected-mode yes
  for _ in $(seq 1 40); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; kill -0 "$redis_PID" 2>/dev/null || die "redis-server exited"; sleep 0.25; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || die "redis-server did not start"
  log "redis up on $REDIS_PORT (pid $redis_PID)"
}

pick_server_ports() { # sets SANDBOX_PORT GATEWAY_PORT MGMT_PORT CACHE_SECRET
  SANDBOX_PORT=$(pick_port 18090)
  GATEWAY_PORT=$(pick_port 18080)
  MGMT_PORT=$(pick_port $((GATEWAY_PORT + 1)))
  CACHE_SECRET=$(head -c 32 /dev/urandom | base64 -w0)
}

# SANDBOX_TLS=1: the sandbox serves HTTPS (a certificate from a CA it generates, for localhost) and the gateway
# trusts that CA through an SSL bundle, as a deployment with a private CA would.
upstream_url() {
  if ((${SANDBOX_TLS:-0})); then echo "https://localhost:$SANDBOX_PORT"; else echo "http://127.0.0.1:$SANDBOX_PORT"; fi
}
start_sandbox() { # PROVIDER
  local keys=$OUT/keys-$1 tls=()
  rm -rf "$keys"; mkdir -p "$keys"
  ((${SANDBOX_TLS:-0})) && tls=(--sandbox.tls.enabled=true)
  start sandbox java "${JOPTS[@]}" -Dkonagw.crypto.provider="$1" -Dloader.path="$ACCP_JAR" \
    -Dloader.main=konagw.sandbox.SandboxApplication -cp "$SANDBOX_JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.port="$SANDBOX_PORT" --server.address=127.0.0.1 --sandbox.write-gateway-keys-to="$keys" "${tls[@]}"
  wait_for sandbox "$sandbox_PID" "$(upstream_url)/_sandbox/health"
  for _ in $(seq 1 40); do [[ -s $keys/credentials.properties ]] && break; sleep 0.25; done
  [[ -s $keys/credentials.properties ]] || die "sandbox wrote no credentials"
}
start_gateway() { # PROVIDER
  local keys=$OUT/keys-$1 prop tls=()
  prop() { grep "^$1=" "$keys/credentials.properties" | cut -d= -f2-; }
  ((${SANDBOX_TLS:-0})) && tls=(--konaplate.ssl.bundle=vendor
    --spring.ssl.bundle.pem.vendor.truststore.certificate="file:$keys/tls-ca.pem")
  local jfr=()
  PHASE=$((${PHASE:-0} + 1))
  ((PROFILE)) && jfr=(-XX:StartFlightRecording=filename="$OUT/gateway-$PHASE-$1.jfr",settings=profile,dumponexit=true)
  # no loader.path: the gateway's jar carries ACCP (konagw.crypto.provider=auto|accp loads its bundled build)
  start gateway java "${JOPTS[@]}" "${jfr[@]}" -Dkonagw.crypto.provider="$1" \
    -Dloader.main=konagw.gateway.KonagwApplication -cp "$GATEWAY_JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.port="$GATEWAY_PORT" --server.address=127.0.0.1 --management.server.port="$MGMT_PORT" \
    --management.server.address=127.0.0.1 \
    --konaplate.base-url="$(upstream_url)" "${tls[@]}" \
    --konaplate.asp-id="$(prop asp-id)" --konaplate.access-key="$(prop access-key)" \
    --konaplate.secret-key="$(prop secret-key)" --konaplate.crypto.key-id="$(prop crypto-key-id)" \
    --konaplate.crypto.server-public-key="file:$keys/server-cert.pem" \
    --konaplate.crypto.client-private-key="file:$keys/client-key.pem" \
    --spring.data.redis.url="redis://127.0.0.1:$REDIS_PORT" --konagw.cache.secret="$CACHE_SECRET" \
    "${GATEWAY_ARGS[@]}"
  # Up = the facade answers (a 400 for an empty body); readiness on the management port is recorded, not required.
  local i code
  for ((i = 0; i < 480; i++)); do
    kill -0 "$gateway_PID" 2>/dev/null || { tail -30 "$OUT/gateway.log" >&2; die "gateway exited during startup (log: $OUT/gateway.log)"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$GATEWAY_PORT/api/v1/card/virtual-account/inquiry" || true)
    [[ $code == 400 ]] && break
    sleep 0.25
  done
  [[ $code == 400 ]] || { tail -30 "$OUT/gateway.log" >&2; die "gateway did not answer within 120s"; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness" || true)
  log "gateway up (pid $gateway_PID, provider $1, $(grep -o -m1 'crypto provider: .*' "$OUT/gateway.log" || echo 'no crypto provider line')); /actuator/health/readiness: HTTP $code"
  if grep -q 'falling back to jdk' "$OUT/gateway.log" "$OUT/sandbox.log"; then
    log "WARNING: provider $1 unavailable, gateway/sandbox fell back to jdk"
    FALLBACK="$FALLBACK $1"
  fi
}
FALLBACK=""

{{/* Names and labels. */}}
{{- define "konagw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "konagw.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "konagw.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "konagw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "konagw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "konagw.labels" -}}
helm.sh/chart: {{ include "konagw.chart" . }}
{{ include "konagw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: gateway
app.kubernetes.io/part-of: konagw
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "konagw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "konagw.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "konagw.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Secrets: the env Secret and the key-file Secret, chart-made or existing. */}}
{{- define "konagw.secretName" -}}
{{- default (include "konagw.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "konagw.keysSecretName" -}}
{{- default (printf "%s-keys" (include "konagw.fullname" .)) .Values.keys.existingSecret }}
{{- end }}

{{/* Data of the chart-made env Secret: Secret key -> value, only what was given. */}}
{{- define "konagw.secretData" -}}
{{- $s := .Values.secrets }}
{{- $data := dict }}
{{- range $key, $value := dict "asp-id" $s.aspId "access-key" $s.accessKey "secret-key" $s.secretKey "cache-secret" $s.cacheSecret "client-private-key-password" $s.clientPrivateKeyPassword "next-client-private-key-password" $s.nextClientPrivateKeyPassword "redis-password" $s.redisPassword "redis-sentinel-password" $s.redisSentinelPassword }}
{{- if $value }}{{- $_ := set $data $key $value }}{{- end }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{/* Data of the chart-made key-file Secret: file name -> PEM, only what was given. */}}
{{- define "konagw.keysData" -}}
{{- $k := .Values.keys }}
{{- $data := dict }}
{{- range $key, $value := dict "server-cert.pem" $k.serverCertificate "client-key.pem" $k.clientPrivateKey "next-server-cert.pem" $k.next.serverCertificate "next-client-key.pem" $k.next.clientPrivateKey }}
{{- if $value }}{{- $_ := set $data $key $value }}{{- end }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{- define "konagw.hasKeys" -}}
{{- if or .Values.keys.existingSecret .Values.keys.serverCertificate .Values.keys.clientPrivateKey }}true{{ end }}
{{- end }}

{{/*
Environment variable -> env Secret key. Names follow Spring Boot's relaxed binding for environment
variables (dots to underscores, dashes removed, upper case), so KONAPLATE_ACCESSKEY binds
konaplate.access-key. Required entries are referenced without `optional` when the Secret exists.
*/}}
{{- define "konagw.secretEnv" -}}
- {name: KONAPLATE_ASPID, key: asp-id, required: true}
- {name: KONAPLATE_ACCESSKEY, key: access-key, required: true}
- {name: KONAPLATE_SECRETKEY, key: secret-key, required: true}
- {name: KONAGW_CACHE_SECRET, key: cache-secret, required: true}
- {name: KONAPLATE_CRYPTO_CLIENTPRIVATEKEYPASSWORD, key: client-private-key-password, required: false}
- {name: KONAPLATE_CRYPTO_NEXT_CLIENTPRIVATEKEYPASSWORD, key: next-client-private-key-password, required: false}
- {name: SPRING_DATA_REDIS_PASSWORD, key: redis-password, required: false}
- {name: SPRING_DATA_REDIS_SENTINEL_PASSWORD, key: redis-sentinel-password, required: false}
{{- end }}

{{/*
The application.yaml of the ConfigMap: the operator's `config`, over defaults derived from `keys`
(key-file locations), under what the chart itself must control (ports and graceful shutdown, which the
probes, Service and preStop depend on).
*/}}
{{- define "konagw.applicationConfig" -}}
{{- $dir := trimSuffix "/" .Values.keys.mountPath }}
{{- $crypto := dict }}
{{- if include "konagw.hasKeys" . }}
{{- $_ := set $crypto "server-public-key" (printf "file:%s/server-cert.pem" $dir) }}
{{- $_ := set $crypto "client-private-key" (printf "file:%s/client-key.pem" $dir) }}
{{- if dig "konaplate" "crypto" "next" "key-id" "" .Values.config }}
{{- $next := dict "client-private-key" (printf "file:%s/next-client-key.pem" $dir) }}
{{- if or .Values.keys.next.serverCertificate .Values.keys.next.existingSecretHasServerCertificate }}
{{- $_ := set $next "server-public-key" (printf "file:%s/next-server-cert.pem" $dir) }}
{{- end }}
{{- $_ := set $crypto "next" $next }}
{{- end }}
{{- end }}
{{- $konaplate := dict "crypto" $crypto }}
{{- $spring := dict }}
{{- $tls := .Values.upstream.tls }}
{{- if $tls.enabled }}
{{- $tlsDir := trimSuffix "/" $tls.mountPath }}
{{- $_ := set $konaplate "ssl" (dict "bundle" $tls.bundle) }}
{{- $bundle := dict "reload-on-update" true "truststore" (dict "certificate" (printf "file:%s/ca.crt" $tlsDir)) }}
{{- if $tls.mtls }}
{{- $_ := set $bundle "keystore" (dict "certificate" (printf "file:%s/tls.crt" $tlsDir) "private-key" (printf "file:%s/tls.key" $tlsDir)) }}
{{- end }}
{{- $_ := set $spring "ssl" (dict "bundle" (dict "pem" (dict $tls.bundle $bundle))) }}
{{- end }}
{{- $proxy := .Values.upstream.proxy }}
{{- if $proxy.type }}
{{- $p := dict "type" $proxy.type "host" $proxy.host "port" (int $proxy.port) }}
{{- with $proxy.username }}{{- $_ := set $p "username" . }}{{- end }}
{{- with $proxy.nonProxyHosts }}{{- $_ := set $p "non-proxy-hosts" . }}{{- end }}
{{- $_ := set $konaplate "proxy" $p }}
{{- end }}
{{- $pool := dict }}
{{- $poolValues := .Values.upstream.pool }}
{{- range $key, $value := dict "max-connections" $poolValues.maxConnections "max-idle-time" $poolValues.maxIdleTime "max-life-time" $poolValues.maxLifeTime "pending-acquire-timeout" $poolValues.pendingAcquireTimeout "evict-in-background" $poolValues.evictInBackground }}
{{- if not (or (kindIs "invalid" $value) (eq (toString $value) "")) }}{{- $_ := set $pool $key $value }}{{- end }}
{{- end }}
{{- if $pool }}{{- $_ := set $konaplate "pool" $pool }}{{- end }}
{{- $defaults := dict "konaplate" $konaplate }}
{{- if $spring }}{{- $_ := set $defaults "spring" $spring }}{{- end }}
{{- with .Values.tracing }}
{{- if .otlpEndpoint }}
{{- $_ := set $defaults "management" (dict "opentelemetry" (dict "tracing" (dict "export" (dict "otlp" (dict "endpoint" .otlpEndpoint)))) "tracing" (dict "sampling" (dict "probability" .samplingProbability))) }}
{{- $_ := set $defaults "konagw" (dict "tracing" (dict "propagate-upstream" .propagateUpstream)) }}
{{- end }}
{{- end }}
{{- $forced := dict
      "server" (dict "port" .Values.ports.http "shutdown" "graceful")
      "management" (dict "server" (dict "port" .Values.ports.management))
      "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" .Values.shutdown.timeoutPerShutdownPhase)) }}
{{- if .Values.callbacks.enabled }}
{{- $_ := set $forced "konagw" (dict "callbacks" (dict "port" .Values.callbacks.port "max-skew" .Values.callbacks.maxSkew "routes" .Values.callbacks.routes)) }}
{{- end }}
{{- $config := mergeOverwrite $defaults (deepCopy .Values.config) $forced }}
{{- toYaml $config }}
{{- end }}

{{- define "konagw.isProd" -}}
{{- if has "prod" .Values.profiles }}true{{ end }}
{{- end }}

{{/*
Checks the schema cannot express; each failure names the value to fix. Included by the Deployment.
*/}}
{{- define "konagw.validate" -}}
{{- $v := .Values }}
{{- $redis := dig "spring" "data" "redis" dict $v.config }}
{{- $redisConfigured := or (dig "url" "" $redis) (dig "host" "" $redis) (dig "cluster" "nodes" "" $redis) (dig "sentinel" "master" "" $redis) }}
{{- $baseUrl := dig "konaplate" "base-url" "" $v.config }}
{{- if include "konagw.isProd" . }}
  {{- if not (include "konagw.hasKeys" .) }}
    {{- fail "profile prod: set keys.existingSecret, or keys.serverCertificate and keys.clientPrivateKey" }}
  {{- end }}
  {{- if not $v.secrets.existingSecret }}
    {{- range $name := list "aspId" "accessKey" "secretKey" "cacheSecret" }}
      {{- if not (index $v.secrets $name) }}
        {{- fail (printf "profile prod: set secrets.%s, or secrets.existingSecret" $name) }}
      {{- end }}
    {{- end }}
  {{- end }}
  {{- if not $redisConfigured }}
    {{- fail "profile prod: configure Redis (config.spring.data.redis.url, .host, .cluster.nodes or .sentinel.master)" }}
  {{- end }}
{{- end }}
{{- $redisUrl := dig "url" "" $redis | toString }}
{{- if regexMatch "^[a-z]+://[^/]*@" $redisUrl }}
  {{- fail "config.spring.data.redis.url must not contain credentials: put the password in secrets.redisPassword" }}
{{- end }}
{{- if and $v.keys.serverCertificate (not $v.keys.clientPrivateKey) }}
  {{- fail "keys.serverCertificate needs keys.clientPrivateKey" }}
{{- end }}
{{- if and $v.keys.clientPrivateKey (not $v.keys.serverCertificate) }}
  {{- fail "keys.clientPrivateKey needs keys.serverCertificate" }}
{{- end }}
{{- if and (dig "konaplate" "crypto" "next" "key-id" "" $v.config) (not $v.keys.existingSecret) (not $v.keys.next.clientPrivateKey) }}
  {{- fail "config.konaplate.crypto.next.key-id needs keys.next.clientPrivateKey (or keys.existingSecret holding next-client-key.pem)" }}
{{- end }}
{{- if and (hasKey (dig "konaplate" dict $v.config) "instance-id") (or $v.autoscaling.enabled (gt (int $v.replicaCount) 1)) }}
  {{- fail "config.konaplate.instance-id would be the same in every pod (correlation ids must differ across replicas): leave it unset with more than one replica" }}
{{- end }}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
  {{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- $drain := add (int $v.shutdown.preStopSleepSeconds) (int (trimSuffix "s" $v.shutdown.timeoutPerShutdownPhase)) }}
{{- if le (int $v.terminationGracePeriodSeconds) (int $drain) }}
  {{- fail (printf "terminationGracePeriodSeconds (%d) must exceed shutdown.preStopSleepSeconds + shutdown.timeoutPerShutdownPhase (%d s)" (int $v.terminationGracePeriodSeconds) (int $drain)) }}
{{- end }}
{{- if and $v.podDisruptionBudget.enabled (hasKey $v.podDisruptionBudget "minAvailable") (not $v.autoscaling.enabled) }}
  {{- if and (not (kindIs "string" $v.podDisruptionBudget.minAvailable)) (ge (int $v.podDisruptionBudget.minAvailable) (int $v.replicaCount)) }}
    {{- fail "podDisruptionBudget.minAvailable must be below replicaCount, or no node could ever be drained" }}
  {{- end }}
{{- end }}
{{- $proxy := $v.upstream.proxy }}
{{- if and $v.networkPolicy.enabled $baseUrl (not $proxy.type) (not $v.networkPolicy.egress.upstream.cidrs) }}
  {{- fail "networkPolicy is enabled and config.konaplate.base-url is set: list KONA PLATE's ranges in networkPolicy.egress.upstream.cidrs" }}
{{- end }}
{{- if $v.upstream.tls.enabled }}
  {{- if not $v.upstream.tls.existingSecret }}
    {{- fail "upstream.tls.enabled needs upstream.tls.existingSecret: a Secret with ca.crt (and tls.crt, tls.key with upstream.tls.mtls)" }}
  {{- end }}
  {{- if not (hasPrefix "https://" (toString $baseUrl)) }}
    {{- fail "upstream.tls.enabled needs an https:// config.konaplate.base-url" }}
  {{- end }}
{{- else if $v.upstream.tls.mtls }}
  {{- fail "upstream.tls.mtls needs upstream.tls.enabled" }}
{{- end }}
{{- if $proxy.type }}
  {{- if or (not $proxy.host) (not $proxy.port) }}
    {{- fail "upstream.proxy.type is set: upstream.proxy.host and upstream.proxy.port are required" }}
  {{- end }}
  {{- if and $proxy.existingSecret (not $proxy.username) }}
    {{- fail "upstream.proxy.existingSecret (the proxy password) needs upstream.proxy.username" }}
  {{- end }}
  {{- if and $v.networkPolicy.enabled (not (include "konagw.proxyCidrs" . | fromYamlArray)) }}
    {{- fail "networkPolicy is enabled and upstream.proxy.host is a name: list the proxy's addresses in upstream.proxy.cidrs" }}
  {{- end }}
{{- else if or $proxy.host $proxy.port $proxy.username $proxy.existingSecret $proxy.nonProxyHosts $proxy.cidrs }}
  {{- fail "upstream.proxy.* is set but upstream.proxy.type is empty: set it to http or socks5" }}
{{- end }}
{{- if $v.callbacks.enabled }}
  {{- if not $v.callbacks.routes }}
    {{- fail "callbacks.enabled needs at least one entry in callbacks.routes" }}
  {{- end }}
  {{- if or (eq (int $v.callbacks.port) (int $v.ports.http)) (eq (int $v.callbacks.port) (int $v.ports.management)) }}
    {{- fail "callbacks.port must differ from ports.http and ports.management" }}
  {{- end }}
  {{- if and $v.networkPolicy.enabled (not $v.callbacks.networkPolicy.from) }}
    {{- fail "networkPolicy is enabled with callbacks: list who may reach the callback port in callbacks.networkPolicy.from" }}
  {{- end }}
{{- end }}
{{- if and $v.networkPolicy.enabled $redisConfigured (not $v.networkPolicy.egress.redis.to) }}
  {{- fail "networkPolicy is enabled and Redis is configured: say where Redis runs in networkPolicy.egress.redis.to" }}
{{- end }}
{{- end }}

{{/* The proxy's ipBlock CIDRs: upstream.proxy.cidrs, else host/32 for an IPv4 host; a YAML list. */}}
{{- define "konagw.proxyCidrs" -}}
{{- $proxy := .Values.upstream.proxy }}
{{- if $proxy.cidrs }}
{{- toYaml $proxy.cidrs }}
{{- else if regexMatch "^([0-9]{1,3}\\.){3}[0-9]{1,3}$" (toString $proxy.host) }}
{{- toYaml (list (printf "%s/32" $proxy.host)) }}
{{- else -}}
[]
{{- end }}
{{- end }}

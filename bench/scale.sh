#!/usr/bin/env bash
# Scale benchmark (issue 13): N uploaded certificates plus ACME ones through Pebble, against the
# defaults of 'bin/certflow up --local-ca', each figure printed beside its target.
#   bench/scale.sh [N] [ACME]        (defaults: 10000 uploads, 1000 ACME certificates)
# Uses its own database (certflow_scale, dropped first) and a fresh topic prefix; stops the local
# cluster first and leaves it up afterwards. Then restarts agent-2 from empty and times its catch-up.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-10000}
ACME=${2:-1000}
cd "$ROOT"
./mvnw -B -q -DskipTests install -pl bench,events,kafka-runtime,cert-api,proxy-agent,dns-gateway,acme-worker,notifier -am
bin/certflow down > /dev/null || true
psql -h 127.0.0.1 -U postgres -qc "drop database if exists certflow_scale" -c "create database certflow_scale"
export CERTFLOW_DB_NAME=certflow_scale CERTFLOW_TOPIC_PREFIX="scale$(date +%s)."
bin/certflow up --local-ca > /dev/null
java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.certflow.bench.ScaleBenchmark \
  http://127.0.0.1:8080 "$(cat .certflow/admin-token)" "$N" "$ACME" .certflow/run 127.0.0.11:8443,127.0.0.12:8443

# An agent restarted from empty: time until it is ready again (it reads the whole topic).
kill "$(cat .certflow/run/agent-2.pid)"
while kill -0 "$(cat .certflow/run/agent-2.pid)" 2>/dev/null; do sleep 0.2; done
start=$(date +%s.%N)
bin/certflow up --local-ca > /dev/null &
until curl -fsS -o /dev/null --max-time 1 http://127.0.0.12:5002/q/health/ready 2>/dev/null; do sleep 0.2; done
end=$(date +%s.%N)
wait
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$(cat .certflow/run/agent-2.pid)/status")
printf '%-58s %-16s %s\n' "agent-2 restarted from empty: start to ready (JVM start too)" "$(echo "$end - $start" | bc | xargs printf '%.1f s')" "<= 30 s"
printf '%-58s %-16s %s\n' "agent-2 RSS after catching up" "$rss MB" "<= 512 MB"

#!/usr/bin/env bash
# ACME issuance throughput against the local Pebble (PEBBLE_VA_NOSLEEP=1 PEBBLE_VA_ALWAYS_VALID=1):
# certflow through its API with 1 and 2 workers, a plain acme4j loop at the same concurrency, and
# lego (Debian), one process per certificate. certflow and the loop each run four untimed warm-up rounds
# of COUNT (BENCH_WARMUPS), then three timed rounds (the median is the figure), so both are
# measured in steady state. Each round also prints the CPU seconds every part spent in it.
#   bench/acme.sh [COUNT] [LEGO_COUNT]      (defaults: 200 and 40; BENCH_WORKERS="1" for one worker only)
# It restarts the local cluster with a fresh topic prefix; run 'bin/certflow down && bin/certflow up'
# afterwards to return to your own cluster.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNT=${1:-200}
LEGO_COUNT=${2:-40}
# Seven JVMs share two cores: their JIT settles only after about a thousand certificates.
WARMUPS=${BENCH_WARMUPS:-4}
DELAYED_COUNT=${BENCH_DELAYED_COUNT:-48}
cd "$ROOT"
# The small-machine line of the README, as in every earlier round, so figures stay comparable.
export CERTFLOW_JAVA_OPTS=${CERTFLOW_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
./mvnw -B -q -DskipTests install -pl bench -am
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
STATE=${CERTFLOW_STATE_DIR:-.certflow}
TRUST=$STATE/pebble/trust.pem
DIR=https://127.0.0.1:14000/dir
TARGETS=127.0.0.11:8443,127.0.0.12:8443

for workers in ${BENCH_WORKERS:-1 2}; do
  bin/certflow down > /dev/null
  PEBBLE_VA_NOSLEEP=1 PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_AUTHZREUSE=0 CERTFLOW_TOPIC_PREFIX="bench$(date +%s)." \
    CERTFLOW_TOPIC_PARTITIONS=24 CERTFLOW_WORKERS=$workers bin/certflow up --local-ca > /dev/null
  echo "== $workers worker(s), $((workers * 8)) orders at once"
  java -cp "$CP" dev.certflow.bench.AcmeIssuanceBenchmark http://127.0.0.1:8080 "$(cat "$STATE/admin-token")" local \
    "$COUNT" "$TARGETS" $((workers * 8)) "$WARMUPS" 3
  java -cp "$CP" dev.certflow.bench.AcmeLoopBenchmark "$DIR" "$TRUST" "$COUNT" $((workers * 8)) "$WARMUPS" 3
done

if command -v lego > /dev/null; then
  work=$(mktemp -d)
  run() {
    for i in $(seq "$1" 4 "$LEGO_COUNT"); do
      LEGO_CA_CERTIFICATES=$TRUST lego --server "$DIR" --email bench@certflow.test --accept-tos --path "$work/$1" \
        --domains "lego-$i-$(date +%s%N).certflow.test" --http --http.port 127.0.0.1:5099 --key-type ec256 run > /dev/null 2>&1
    done
  }
  start=$(date +%s.%N)
  for i in $(seq 1 "$LEGO_COUNT"); do
    LEGO_CA_CERTIFICATES=$TRUST lego --server "$DIR" --email bench@certflow.test --accept-tos --path "$work/seq" \
      --domains "lego-seq-$i-$(date +%s%N).certflow.test" --http --http.port 127.0.0.1:5099 --key-type ec256 run > /dev/null 2>&1
  done
  end=$(date +%s.%N)
  echo "lego, one process per certificate: $LEGO_COUNT in $(echo "$end - $start" | bc) s, $(echo "scale=1; $LEGO_COUNT / ($end - $start)" | bc) certificates/s"
  start=$(date +%s.%N)
  run 1 & run 2 & run 3 & run 4 & wait
  end=$(date +%s.%N)
  echo "lego, four loops: $LEGO_COUNT in $(echo "$end - $start" | bc) s, $(echo "scale=1; $LEGO_COUNT / ($end - $start)" | bc) certificates/s"
  rm -rf "$work"
fi

[ "${BENCH_DELAYED:-1}" = 1 ] || exit 0   # BENCH_DELAYED=0: only the rounds above

# The same comparison with the CA's own validation delay (Pebble's random sleep before each
# validation, as a real CA takes seconds): what a user sees when the CA, not the machine, is the limit.
bin/certflow down > /dev/null
PEBBLE_VA_NOSLEEP=0 PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_AUTHZREUSE=0 CERTFLOW_TOPIC_PREFIX="bench$(date +%s)." \
  CERTFLOW_TOPIC_PARTITIONS=24 CERTFLOW_WORKERS=1 bin/certflow up --local-ca > /dev/null
echo "== with the CA's validation delay: 1 worker, 8 orders at once, $DELAYED_COUNT certificates per round"
java -cp "$CP" dev.certflow.bench.AcmeIssuanceBenchmark http://127.0.0.1:8080 "$(cat "$STATE/admin-token")" local \
  "$DELAYED_COUNT" "$TARGETS" 8 1 3
java -cp "$CP" dev.certflow.bench.AcmeLoopBenchmark "$DIR" "$TRUST" "$DELAYED_COUNT" 8 1 3

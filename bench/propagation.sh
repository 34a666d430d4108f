#!/usr/bin/env bash
# Propagation benchmark: upload -> every agent serves the new serial over TLS.
#   bench/propagation.sh [AGENTS] [UPLOADS]     (defaults: 2 agents, 100 uploads)
# Starts the local cluster with that many agents (bin/certflow up), measures, and leaves it up.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AGENTS=${1:-2}
UPLOADS=${2:-100}
cd "$ROOT"
./mvnw -B -q -DskipTests install -pl bench -am
CERTFLOW_AGENTS=$AGENTS bin/certflow up > /dev/null
targets=$(for i in $(seq 1 "$AGENTS"); do printf '127.0.0.%d:8443,' $((10 + i)); done)
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.certflow.bench.PropagationBenchmark \
  http://127.0.0.1:8080 "$(cat ${CERTFLOW_STATE_DIR:-.certflow}/admin-token)" "$UPLOADS" "${targets%,}"

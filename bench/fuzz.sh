#!/usr/bin/env bash
# A longer run of the REST fuzzer than the test suite's (RequestFuzzTest: 10,000 requests, seed 15).
#   bench/fuzz.sh [REQUESTS] [SEED]      (defaults: 100000 and a random seed, printed)
# A failure names the seed: rerun with it to reproduce.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQUESTS=${1:-100000}
SEED=${2:-$RANDOM$RANDOM}
cd "$ROOT"
echo "fuzzing cert-api with $REQUESTS requests, seed $SEED"
./mvnw -B -q install -DskipTests -pl cert-api -am
./mvnw -B install -pl cert-api -Dtest=RequestFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.requests="$REQUESTS" -Dfuzz.seed="$SEED"

#!/usr/bin/env bash
# Handshake latency of agent-1 of the running local cluster (bin/certflow up) for names it serves,
# beside the floor of this machine: openssl s_server answering the same client.
#   bench/handshake.sh [N]        (default 2000 handshakes each)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CERTFLOW_STATE_DIR:-$ROOT/.certflow}
N=${1:-2000}
names=$(curl -fsS -H "Authorization: Bearer $(cat "$STATE/admin-token")" \
  "http://127.0.0.1:${CERTFLOW_API_PORT:-8080}/api/v1/certificates?size=200" |
  python3 -c 'import json,sys; print(" ".join(d for c in json.load(sys.stdin)["items"] for d in c["domains"] if "*" not in d))')
[ -n "$names" ] || { echo "no certificates to ask for: upload some first" >&2; exit 1; }
echo "agent-1 ($(grep -o 'TLS listener on [^,]*([^;,)]*' "$STATE/logs/agent-1.log" | tail -1 | sed 's/.*(//')):"
"$ROOT/bench/handshake.py" 127.0.0.11 "${CERTFLOW_AGENT_TLS_PORT:-8443}" "$N" $names
work=$(mktemp -d)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=floor \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
openssl s_server -accept 127.0.0.99:9443 -cert "$work/cert.pem" -key "$work/key.pem" -quiet > /dev/null 2>&1 &
server=$!
sleep 0.5
echo "floor: openssl s_server on the same machine:"
"$ROOT/bench/handshake.py" 127.0.0.99 9443 "$N" floor
kill $server
rm -rf "$work"

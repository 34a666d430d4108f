#!/usr/bin/env bash
# Makes the local broker's TLS material once: a CA (tls/ca.pem, which clients trust) and the broker's
# certificate for 127.0.0.1, localhost and any extra host names, in a PKCS#12 keystore whose password
# is in tls/keystore-password. The CA's key is discarded: nothing else is ever signed with it.
#   kafka-runtime/broker-tls.sh DIR [HOSTNAME...]
set -euo pipefail
dir=$1; shift
[ -s "$dir/broker.p12" ] && [ -s "$dir/ca.pem" ] && exit 0
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
sans="IP:127.0.0.1,DNS:localhost"
for name in "$@"; do sans="$sans,DNS:$name"; done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=certflow kafka CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=certflow kafka broker" \
  -keyout "$dir/broker.key" -out "$dir/broker.csr" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$sans" > "$dir/ext"
openssl x509 -req -in "$dir/broker.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
  -days 825 -extfile "$dir/ext" -out "$dir/broker.crt" 2>/dev/null
openssl rand -hex 24 > "$dir/keystore-password"
openssl pkcs12 -export -name broker -inkey "$dir/broker.key" -in "$dir/broker.crt" -certfile "$dir/ca.pem" \
  -passout "file:$dir/keystore-password" -out "$dir/broker.p12"
rm -f "$dir/ca.key" "$dir/broker.key" "$dir/broker.csr" "$dir/ext" "$dir/ca.srl"
chmod 644 "$dir/ca.pem"

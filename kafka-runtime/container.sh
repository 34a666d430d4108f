#!/usr/bin/env bash
# The broker of docker-compose, set up as bin/certflow sets up its own: TLS (its CA copied to the
# shared /kafka-ca volume for the services), SCRAM-SHA-512, and each principal's credentials and
# ACLs. Principals come from CERTFLOW_KAFKA_PASSWORD_<NAME> variables: CERT_API, ACME_WORKER and
# NOTIFIER are those roles, AGENT_<N> is the agent agent-<N>.
set -euo pipefail
R=${CERTFLOW_KAFKA_RUNTIME:-/opt/certflow/kafka-runtime}
DATA=${CERTFLOW_KAFKA_DATA:-/var/lib/kafka}
CA_DIR=${CERTFLOW_KAFKA_CA_DIR:-/kafka-ca}
CP="$R/lib/*:$R/classes"
LOG4J="-Dlog4j2.configurationFile=$R/log4j2.properties"
: "${CERTFLOW_KAFKA_BROKER_PASSWORD:?set CERTFLOW_KAFKA_BROKER_PASSWORD}"
rm -f "$DATA/.access-granted"
mkdir -p "$DATA/data"
"$R/broker-tls.sh" "$DATA/tls" kafka
cp "$DATA/tls/ca.pem" "$CA_DIR/ca.pem" && chmod 644 "$CA_DIR/ca.pem"
umask 077
{
  sed -e "s#@PORT@#9092#g; s#@CONTROLLER_PORT@#9093#g; s#@DATA_DIR@#$DATA/data#" \
    -e "s#@PROTOCOL@#SASL_SSL#g; s#@CONTROLLER_PROTOCOL@#SASL_PLAINTEXT#g" "$R/server.properties.template" |
    sed -e 's#^listeners=SASL_SSL://127.0.0.1#listeners=SASL_SSL://0.0.0.0#' \
        -e "s#^advertised.listeners=SASL_SSL://127.0.0.1#advertised.listeners=SASL_SSL://${CERTFLOW_KAFKA_ADVERTISED_HOST:-kafka}#"
  sed -e "s#@TLS_DIR@#$DATA/tls#g; s#@KEYSTORE_PASSWORD@#$(cat "$DATA/tls/keystore-password")#g" \
    -e "s#@BROKER_PASSWORD@#$CERTFLOW_KAFKA_BROKER_PASSWORD#g" "$R/secure.properties.template"
} > "$DATA/server.properties"
if [ ! -f "$DATA/data/meta.properties" ]; then
  java $LOG4J -cp "$CP" kafka.tools.StorageTool format -t "$(java $LOG4J -cp "$CP" kafka.tools.StorageTool random-uuid)" \
    -c "$DATA/server.properties" --add-scram "SCRAM-SHA-512=[name=certflow-broker,password=$CERTFLOW_KAFKA_BROKER_PASSWORD]"
fi
java ${KAFKA_JAVA_OPTS:--Xmx512m} $LOG4J -cp "$CP" kafka.Kafka "$DATA/server.properties" &
broker=$!
until (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null; do
  kill -0 $broker || exit 1
  sleep 0.5
done
{
  echo "bootstrap.servers=127.0.0.1:9092"
  echo "security.protocol=SASL_SSL"
  echo "sasl.mechanism=SCRAM-SHA-512"
  echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"certflow-broker\" password=\"$CERTFLOW_KAFKA_BROKER_PASSWORD\";"
  echo "ssl.truststore.type=PEM"
  echo "ssl.truststore.location=$DATA/tls/ca.pem"
  # The broker's certificate names "kafka" and 127.0.0.1; this client connects to the latter.
} > "$DATA/admin.properties"
env | sed -n 's/^CERTFLOW_KAFKA_PASSWORD_\([A-Z0-9_]*\)=\(.*\)$/\1 \2/p' | while read -r name password; do
  principal=$(echo "$name" | tr 'A-Z_' 'a-z-')
  case "$principal" in agent-*) role=agent ;; *) role=$principal ;; esac
  echo "$principal $role $password"
done > "$DATA/principals"
java $LOG4J -cp "$CP" dev.certflow.broker.BrokerAccess "$DATA/admin.properties" "$DATA/principals" "${CERTFLOW_TOPIC_PREFIX:-certflow.}"
touch "$DATA/.access-granted"
wait $broker

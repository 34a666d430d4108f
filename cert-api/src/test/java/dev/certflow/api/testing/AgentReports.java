package dev.certflow.api.testing;

import dev.certflow.events.AgentStatus;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a node's report to agent-status the way an agent does. */
public final class AgentReports {

  private AgentReports() {}

  public static void send(
      String agent, Map<Integer, Long> positions, List<AgentStatus.Rejected> rejected)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, InfraResource.bootstrapServers());
    AgentStatus status =
        new AgentStatus(
            agent, "127.0.0.11:8443", Instant.now(), true, 1, positions, rejected, rejected.size());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.defaults().agentStatus(),
                  agent,
                  EventJson.write(Envelope.of(EventType.AGENT_STATUS, status))))
          .get(10, TimeUnit.SECONDS);
    }
  }
}

package dev.certflow.api.messaging;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics cert-api writes or reads, with compaction where the contract says so. Done
 * before the first publish rather than at start-up, so cert-api starts while Kafka is away.
 */
@ApplicationScoped
public class TopicCreator {

  private final KafkaClients clients;
  private final Topics topics;
  private final CertflowConfig config;
  private volatile boolean created;

  TopicCreator(KafkaClients clients, Topics topics, CertflowConfig config) {
    this.clients = clients;
    this.topics = topics;
    this.config = config;
  }

  /** Ensures every topic exists; cheap once it has succeeded. */
  public void ensureCreated() throws ExecutionException, InterruptedException, TimeoutException {
    if (created) {
      return;
    }
    try (Admin admin = clients.admin()) {
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name :
          List.of(
              topics.certificates(),
              topics.agentStatus(),
              topics.agentChallenges(),
              topics.orders(),
              topics.orderResults(),
              topics.challenges(),
              topics.dnsCleanups(),
              topics.alerts(),
              topics.channels(),
              topics.deliveries())) {
        if (!existing.contains(name)) {
          NewTopic topic =
              new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor());
          if (topics.compacted().contains(name)) {
            topic.configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          }
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    created = true;
  }
}

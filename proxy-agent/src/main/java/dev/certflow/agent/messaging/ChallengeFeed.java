package dev.certflow.agent.messaging;

import dev.certflow.agent.challenge.ChallengeStore;
import dev.certflow.agent.config.AgentConfig;
import dev.certflow.events.ChallengeToken;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.kafka.CompactedTopicFollower;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.security.RecordSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Follows the compacted challenges topic into the {@link ChallengeStore} and reports each change,
 * so the ACME worker triggers a challenge only once the nodes serve its token.
 */
@ApplicationScoped
public class ChallengeFeed implements CompactedTopicFollower.Handler {

  private static final Logger LOG = Logger.getLogger(ChallengeFeed.class);

  private final AgentKafka kafka;
  private final Topics topics;
  private final ChallengeStore store;
  private final StatusReporter status;
  private final PoisonRecords poison;
  private final List<RecordSignature.Verifier> verifiers;
  private CompactedTopicFollower follower;

  ChallengeFeed(
      AgentKafka kafka,
      Topics topics,
      ChallengeStore store,
      StatusReporter status,
      AgentConfig config,
      MeterRegistry registry) {
    this.poison = new PoisonRecords(registry);
    this.verifiers = RecordSignature.verifiers(config.challengeSigningPublicKey().orElse(null));
    if (verifiers.isEmpty()) {
      LOG.warn(
          "CERTFLOW_CHALLENGE_SIGNING_PUBLIC_KEY is not set: HTTP-01 tokens are answered without"
              + " checking that a worker signed them");
    }
    this.kafka = kafka;
    this.topics = topics;
    this.store = store;
    this.status = status;
  }

  void start(@Observes StartupEvent event) {
    follower = new CompactedTopicFollower(topics.challenges(), kafka::consumer, this).start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (follower != null) {
      follower.close();
    }
  }

  @Override
  public void onRestart() {
    store.clear();
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    boolean presented = false;
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() == null) {
        continue;
      }
      if (record.value() == null) {
        store.remove(record.key());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (EventType.CHALLENGE.equals(envelope.type())) {
          ChallengeToken token = EventJson.payload(envelope, ChallengeToken.class);
          if (token.token() == null || token.keyAuthorization() == null) {
            throw new IllegalArgumentException("a token record without its token or answer");
          }
          if (!verifiers.isEmpty()
              && !RecordSignature.anyVerifies(
                  verifiers,
                  ChallengeToken.SIGNED_AS,
                  token.token(),
                  0,
                  token.keyAuthorization(),
                  token.signature())) {
            throw new IllegalArgumentException("a token no worker signed");
          }
          store.present(token.token(), token.keyAuthorization(), envelope.occurredAt());
          presented = true;
          LOG.debugf("order %s: serving HTTP-01 token %s", token.orderId(), token.token());
        }
      } catch (RuntimeException e) {
        // One bad record is skipped; the feed goes on with the next one.
        poison.skip(record, e.getMessage());
      }
    }
    // An order waits for a new token to be acknowledged; nothing waits for a removal.
    if (presented) {
      status.challengesChanged();
    } else {
      status.challengesRemoved();
    }
  }
}

package dev.certflow.worker.challenge;

import dev.certflow.events.ChallengeToken;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.kafka.WorkerKafka;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Puts HTTP-01 tokens on the compacted challenges topic for every agent, and takes them off. */
@ApplicationScoped
public class ChallengePublisher {

  private final WorkerKafka kafka;
  private final Topics topics;

  ChallengePublisher(WorkerKafka kafka, Topics topics) {
    this.kafka = kafka;
    this.topics = topics;
  }

  public void present(String token, String keyAuthorization, String orderId)
      throws AcmeFailure, InterruptedException {
    send(
        token,
        EventJson.write(
            Envelope.of(
                EventType.CHALLENGE, new ChallengeToken(token, keyAuthorization, orderId))));
  }

  public void remove(String token) throws AcmeFailure, InterruptedException {
    send(token, null);
  }

  private void send(String token, String value) throws AcmeFailure, InterruptedException {
    try {
      kafka
          .producer()
          .send(new ProducerRecord<>(topics.challenges(), token, value))
          .get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw AcmeFailure.retryable(
          "certflow:kafka", "publishing the HTTP-01 token failed: " + e.getMessage());
    }
  }
}

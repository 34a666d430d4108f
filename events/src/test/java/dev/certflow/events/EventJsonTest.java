package dev.certflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static String fixture(String name) throws IOException {
    try (InputStream in = EventJsonTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void certificateBundleFixtureRoundTrips() throws IOException {
    String json = fixture("certificate-bundle.json");
    Envelope<JsonNode> envelope = EventJson.read(json);
    CertificateBundle bundle = EventJson.payload(envelope, CertificateBundle.class);

    assertThat(envelope.type()).isEqualTo(EventType.CERTIFICATE_BUNDLE);
    assertThat(bundle.name()).isEqualTo("shop");
    assertThat(bundle.version()).isEqualTo(3);
    assertThat(bundle.domains()).containsExactly("shop.example.test", "*.shop.example.test");
    assertThat(bundle.notAfter()).isEqualTo(Instant.parse("2027-01-30T00:00:00Z"));

    Envelope<CertificateBundle> again =
        new Envelope<>(
            envelope.eventId(),
            envelope.type(),
            envelope.schemaVersion(),
            envelope.occurredAt(),
            bundle);
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.readTree(EventJson.write(again))).isEqualTo(mapper.readTree(json));
  }

  @Test
  void agentStatusFixtureToleratesUnknownFields() throws IOException {
    Envelope<JsonNode> envelope = EventJson.read(fixture("agent-status.json"));
    AgentStatus status = EventJson.payload(envelope, AgentStatus.class);

    assertThat(status.agentId()).isEqualTo("agent-1");
    assertThat(status.ready()).isTrue();
    assertThat(status.served()).isEqualTo(2);
    assertThat(status.position(0)).isEqualTo(17);
    assertThat(status.position(1)).isZero();
    assertThat(status.position(2)).isEqualTo(4);
    assertThat(status.rejected())
        .containsExactly(new AgentStatus.Rejected("old", 1, "key does not open"));
  }

  @Test
  void newEnvelopeHasIdTimeAndSchemaVersion() {
    Envelope<AgentStatus> envelope =
        Envelope.of(
            EventType.AGENT_STATUS,
            new AgentStatus("a", "127.0.0.1:1", Instant.now(), false, 0, Map.of(), List.of(), 0));
    Envelope<JsonNode> read = EventJson.read(EventJson.write(envelope));

    assertThat(read.eventId()).isEqualTo(envelope.eventId());
    assertThat(read.schemaVersion()).isEqualTo(Envelope.SCHEMA_VERSION);
    assertThat(read.occurredAt()).isEqualTo(envelope.occurredAt());
  }

  @Test
  void malformedMessagesAreRejectedWithTypedException() {
    assertThatThrownBy(() -> EventJson.read("[1,2]"))
        .isInstanceOf(EventJson.MalformedEventException.class);
    assertThatThrownBy(() -> EventJson.read("{\"type\":\"x\"}"))
        .isInstanceOf(EventJson.MalformedEventException.class)
        .hasMessageContaining("event_id");
    assertThatThrownBy(() -> EventJson.read("{not json"))
        .isInstanceOf(EventJson.MalformedEventException.class);
  }

  @Test
  void anEnvelopeOfANewerSchemaIsRefusedNotGuessed() {
    String newer =
        EventJson.write(Envelope.of(EventType.ORDER, Map.of("x", 1)))
            .replace("\"schema_version\":1", "\"schema_version\":2");

    assertThatThrownBy(() -> EventJson.read(newer))
        .isInstanceOf(EventJson.MalformedEventException.class)
        .hasMessageContaining("schema_version 2 is newer");
  }
}

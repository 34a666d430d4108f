package dev.certflow.api.service.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.events.AgentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentStatusStoreTest {

  private static AgentStatus report(String agent, Instant at, long position) {
    return new AgentStatus(agent, "127.0.0.1:8443", at, true, 1, Map.of(0, position), List.of(), 0);
  }

  @Test
  void keepsEachAgentsNewestReportWhateverTheOrderOfArrival() {
    AgentStatusStore store = new AgentStatusStore();
    Instant t = Instant.parse("2026-11-30T00:00:00Z");
    store.save(report("b", t, 1));
    store.save(report("a", t.plusSeconds(2), 9));
    store.save(report("a", t.plusSeconds(1), 5)); // late redelivery of an older report

    assertThat(store.all()).extracting(AgentStatus::agentId).containsExactly("a", "b");
    assertThat(store.all().get(0).position(0)).isEqualTo(9);
  }

  @Test
  void forgetsAnAgentWhoseReportWasDeleted() {
    AgentStatusStore store = new AgentStatusStore();
    store.save(report("a", Instant.now(), 1));
    store.forget("a");
    assertThat(store.all()).isEmpty();
  }

  @Test
  void isCaughtUpOnlyWhenTold() {
    AgentStatusStore store = new AgentStatusStore();
    assertThat(store.caughtUp()).isFalse();
    store.markCaughtUp();
    assertThat(store.caughtUp()).isTrue();
  }
}

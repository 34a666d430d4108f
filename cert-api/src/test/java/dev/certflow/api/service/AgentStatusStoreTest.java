package dev.certflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.events.AgentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentStatusStoreTest {

  private static AgentStatus report(String agent, Instant at, String... names) {
    List<AgentStatus.Served> served =
        java.util.Arrays.stream(names)
            .map(n -> new AgentStatus.Served(n, 1, "01", at.plusSeconds(86_400)))
            .toList();
    return new AgentStatus(agent, "127.0.0.1:8443", at, true, served, List.of());
  }

  @Test
  void keepsEachAgentsNewestReportWhateverTheOrderOfArrival() {
    AgentStatusStore store = new AgentStatusStore();
    Instant t = Instant.parse("2026-11-30T00:00:00Z");
    store.save(report("b", t, "x"));
    store.save(report("a", t.plusSeconds(2), "new"));
    store.save(report("a", t.plusSeconds(1), "old")); // late redelivery of an older report

    assertThat(store.all()).extracting(AgentStatus::agentId).containsExactly("a", "b");
    assertThat(store.all().get(0).certificates())
        .extracting(AgentStatus.Served::name)
        .containsExactly("new");
  }

  @Test
  void forgetsAnAgentWhoseReportWasDeleted() {
    AgentStatusStore store = new AgentStatusStore();
    store.save(report("a", Instant.now(), "x"));
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

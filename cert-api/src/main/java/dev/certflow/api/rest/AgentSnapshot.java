package dev.certflow.api.rest;

import dev.certflow.events.AgentStatus;
import java.util.List;

/** The agents' reports taken once per request, so every item of a page sees the same state. */
public final class AgentSnapshot {

  private final List<AgentStatus> agents;

  AgentSnapshot(List<AgentStatus> agents) {
    this.agents = List.copyOf(agents);
  }

  List<AgentStatus> agents() {
    return agents;
  }
}

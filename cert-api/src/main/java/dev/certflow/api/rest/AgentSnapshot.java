package dev.certflow.api.rest;

import dev.certflow.events.AgentStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents' reports taken once per request, indexed by certificate name, so showing many
 * certificates costs one look-up per certificate and agent.
 */
public final class AgentSnapshot {

  private final List<AgentStatus> agents;
  private final Map<String, Map<String, AgentStatus.Served>> servedByAgent = new HashMap<>();

  AgentSnapshot(List<AgentStatus> agents) {
    this.agents = List.copyOf(agents);
    for (AgentStatus agent : agents) {
      Map<String, AgentStatus.Served> byName = new HashMap<>();
      agent.certificates().forEach(s -> byName.put(s.name(), s));
      servedByAgent.put(agent.agentId(), byName);
    }
  }

  List<AgentStatus> agents() {
    return agents;
  }

  /** What the agent serves of the certificate; null when nothing. */
  AgentStatus.Served served(AgentStatus agent, String certificate) {
    return servedByAgent.get(agent.agentId()).get(certificate);
  }
}

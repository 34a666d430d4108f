package dev.certflow.api.service.agent;

import dev.certflow.events.AgentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest report of each agent, in memory; older or repeated reports change nothing. Every
 * cert-api replica follows the whole compacted {@code agent-status} topic, which is the durable
 * copy: a (re)started replica rebuilds this from it in well under a second. Storing each report in
 * PostgreSQL as well cost a write of every node's full report several times a second while
 * certificates change, and a read and parse of all of them on every list request and alert scan.
 */
@ApplicationScoped
public class AgentStatusStore {

  private final Map<String, AgentStatus> latest = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;

  /** Keeps the report unless a newer one of the same agent is held. */
  public void save(AgentStatus status) {
    latest.merge(
        status.agentId(),
        status,
        (held, offered) -> offered.reportedAt().isBefore(held.reportedAt()) ? held : offered);
  }

  public void forget(String agentId) {
    latest.remove(agentId);
  }

  /** Every agent's latest report, by agent id. */
  public List<AgentStatus> all() {
    return latest.values().stream().sorted(Comparator.comparing(AgentStatus::agentId)).toList();
  }

  /** Called once the reports that existed at start have been read. */
  public void markCaughtUp() {
    caughtUp = true;
  }

  /**
   * Whether the reports that existed at start have been read: until then, a missing report says
   * nothing about a node.
   */
  public boolean caughtUp() {
    return caughtUp;
  }
}

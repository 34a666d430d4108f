package dev.certflow.agent.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The node's certificates: one {@link SniTable} swapped whole on each batch of changes. */
@ApplicationScoped
public class CertificateStore {

  private volatile SniTable table = SniTable.empty();

  public SniTable table() {
    return table;
  }

  /**
   * Applies a batch: upserts replace certificates by name, removals drop them.
   *
   * @return the table now in force
   */
  public synchronized SniTable apply(Collection<ServedCertificate> upserts, Set<String> removals) {
    Map<String, ServedCertificate> next = new HashMap<>();
    table.all().forEach(c -> next.put(c.name(), c));
    removals.forEach(next::remove);
    upserts.forEach(c -> next.put(c.name(), c));
    table = SniTable.of(next.values(), table);
    return table;
  }
}

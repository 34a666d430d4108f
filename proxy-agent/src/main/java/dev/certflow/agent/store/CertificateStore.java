package dev.certflow.agent.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;

/** The node's certificates: one {@link SniTable}, changed in place by each batch. */
@ApplicationScoped
public class CertificateStore {

  private final SniTable table = SniTable.empty();

  public SniTable table() {
    return table;
  }

  /**
   * Applies a batch: upserts replace certificates by name, removals drop them.
   *
   * @return the table now in force
   */
  public SniTable apply(Collection<ServedCertificate> upserts, Set<String> removals) {
    table.apply(upserts, removals);
    return table;
  }
}

package dev.certflow.agent.messaging;

import dev.certflow.agent.files.CertificateFiles;
import dev.certflow.agent.store.CertificateStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code CERTFLOW_FILE_RETRY}, writes again what the certificate directory refused (read-only
 * or full), and reports when that changes what the node can say: cert-api alerts on a node whose
 * files fall behind and clears the alert once they are in step.
 */
@ApplicationScoped
class FileRetry {

  private final CertificateFiles files;
  private final CertificateStore store;
  private final StatusReporter status;

  FileRetry(CertificateFiles files, CertificateStore store, StatusReporter status) {
    this.files = files;
    this.store = store;
    this.status = status;
  }

  @Scheduled(
      every = "${certflow.file-retry:10s}",
      delayed = "${certflow.file-retry:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retry() {
    int before = files.failures().size();
    files.retry(store.table());
    if (files.failures().size() != before) {
      status.changed();
    }
  }
}

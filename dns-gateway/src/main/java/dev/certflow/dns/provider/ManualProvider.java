package dev.certflow.dns.provider;

import java.time.Duration;

/**
 * For DNS hosted where no API reaches: a person creates the record the gateway shows, and the
 * gateway waits (bounded) until the authoritative servers answer it.
 */
public final class ManualProvider implements DnsProvider {

  private final Duration timeout;

  public ManualProvider(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public String id() {
    return "manual";
  }

  @Override
  public boolean manual() {
    return true;
  }

  @Override
  public Duration propagationTimeout() {
    return timeout;
  }

  @Override
  public TxtRecord present(String zone, String name, String value) {
    return new TxtRecord(zone, name, value, null);
  }

  @Override
  public void cleanUp(TxtRecord record) {
    // The person who created the record removes it; nothing to call.
  }
}

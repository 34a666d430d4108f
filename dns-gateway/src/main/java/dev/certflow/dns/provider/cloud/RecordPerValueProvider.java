package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.TxtRecord;
import java.util.List;

/**
 * A vendor that keeps one record per TXT value, lists the records at a name with their ids, and
 * deletes by id (Cloudflare, Alidns, DNSPod). Presenting looks for the value first, so repeating it
 * is harmless; clean-up deletes exactly the records holding its value.
 */
abstract class RecordPerValueProvider implements DnsProvider {

  /** A TXT record as the vendor lists it. */
  record Listed(String id, String value) {}

  /** The zones the account holds. */
  protected abstract List<Zone> zones() throws ProviderException;

  /** The TXT records at exactly this name. */
  protected abstract List<Listed> records(Zone zone, String name) throws ProviderException;

  /** Creates a record and returns its id. */
  protected abstract String create(Zone zone, String name, String value) throws VendorError;

  protected abstract void delete(Zone zone, String id) throws VendorError;

  /** Whether the vendor refused a create because the same record exists (a concurrent call). */
  protected abstract boolean alreadyExists(VendorError e);

  /** Whether the vendor refused a delete because the record is gone already. */
  protected abstract boolean alreadyGone(VendorError e);

  /** The zone is the account's own longest match; the SOA hint is not needed. */
  @Override
  public final TxtRecord present(String zoneHint, String name, String value)
      throws ProviderException {
    Zone zone = Zones.holding(id(), name, zones());
    for (Listed record : records(zone, name)) {
      if (value.equals(record.value())) {
        return new TxtRecord(zone.name() + ".", name, value, record.id());
      }
    }
    try {
      return new TxtRecord(zone.name() + ".", name, value, create(zone, name, value));
    } catch (VendorError e) {
      if (alreadyExists(e)) {
        return new TxtRecord(zone.name() + ".", name, value, null);
      }
      throw e.failure;
    }
  }

  @Override
  public final void cleanUp(TxtRecord record) throws ProviderException {
    Zone zone = Zones.holding(id(), record.name(), zones());
    for (Listed existing : records(zone, record.name())) {
      if (record.value().equals(existing.value())) {
        try {
          delete(zone, existing.id());
        } catch (VendorError e) {
          if (!alreadyGone(e)) {
            throw e.failure;
          }
        }
      }
    }
  }
}

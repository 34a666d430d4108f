package dev.certflow.dns.provider;

/**
 * One TXT value a provider created, with what it needs to remove exactly that value again.
 *
 * @param zone the zone it lives in, absolute (trailing dot)
 * @param name the record name, absolute
 * @param value the TXT value
 * @param providerId the provider's own id of the record, where it has one
 */
public record TxtRecord(String zone, String name, String value, String providerId) {}

package dev.certflow.dns.provider.cloud;

/**
 * A zone an account holds at a DNS vendor.
 *
 * @param name the zone's name, lower case, without the trailing dot
 * @param id the vendor's id for it (some vendors address zones by name; then the name)
 */
public record Zone(String name, String id) {}

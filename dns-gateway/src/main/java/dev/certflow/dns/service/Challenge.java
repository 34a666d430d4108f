package dev.certflow.dns.service;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.TxtRecord;
import java.time.Instant;
import java.util.List;

/**
 * A presented DNS-01 record and where to check it.
 *
 * @param servers the authoritative servers (host:port) that must answer the value
 */
public record Challenge(
    String id, DnsProvider provider, TxtRecord record, List<String> servers, Instant createdAt) {}

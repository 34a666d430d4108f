package dev.certflow.dns.service;

import dev.certflow.dns.provider.TxtRecord;
import java.time.Instant;
import java.util.List;

/**
 * A presented DNS-01 record and where to check it.
 *
 * @param provider the provider's name
 * @param manual whether a person creates the record (the gateway only waits for it)
 * @param servers the authoritative servers (host:port) that must answer the value
 */
public record Challenge(
    String id,
    String provider,
    boolean manual,
    TxtRecord record,
    List<String> servers,
    Instant createdAt) {}

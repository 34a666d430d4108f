package dev.certflow.api.messaging;

/** Fired inside a transaction that wrote outbox rows; the relay wakes once it commits. */
public record OutboxWritten() {}

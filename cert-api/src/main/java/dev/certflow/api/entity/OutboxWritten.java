package dev.certflow.api.entity;

/** Fired inside a transaction that wrote outbox rows; the relay wakes once it commits. */
public record OutboxWritten() {}

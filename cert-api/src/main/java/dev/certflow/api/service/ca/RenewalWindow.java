package dev.certflow.api.service.ca;

import java.time.Duration;
import java.time.Instant;

/**
 * A CA's suggested renewal window for one certificate (RFC 9773, 4.2).
 *
 * @param start the window's start
 * @param end the window's end; a window already over is the CA's signal to renew at once
 * @param retryAfter when to ask again, from the response's Retry-After
 */
public record RenewalWindow(Instant start, Instant end, Duration retryAfter) {}

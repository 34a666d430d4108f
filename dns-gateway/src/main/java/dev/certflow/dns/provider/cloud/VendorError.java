package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.ProviderException;
import java.util.List;

/**
 * A vendor's refusal with its status and error codes, so a provider can tell an expected answer (a
 * record that already exists or is already gone) from a failure, which it rethrows.
 */
final class VendorError extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;
  final transient List<?> codes;
  final ProviderException failure;

  VendorError(int status, List<?> codes, ProviderException failure) {
    super(failure.getMessage(), null, false, false);
    this.status = status;
    this.codes = List.copyOf(codes);
    this.failure = failure;
  }
}

package io.shotflow.provider;

import java.math.BigDecimal;

/**
 * What a provider says it billed for a finished job, the measure {@link RateCard#charge} prices. A provider that says
 * nothing bills the request as asked; Sync bills the seconds of its output; Kling deducts units
 * ({@code final_unit_deduction}), which {@link KlingUnits} relates to the request's declared units.
 */
public sealed interface Billing {

  /** The job was billed for what the request asked: its duration, size and kind. */
  Billing AS_REQUESTED = new AsRequested();

  record AsRequested() implements Billing {}

  /** Billed for {@code seconds} of output (each started second or unit counts). */
  record OutputSeconds(double seconds) implements Billing {}

  /** Billed {@code deducted} of the provider's units. */
  record Units(BigDecimal deducted) implements Billing {}

  static Billing outputSeconds(double seconds) {
    return new OutputSeconds(seconds);
  }

  static Billing units(BigDecimal deducted) {
    return new Units(deducted);
  }
}

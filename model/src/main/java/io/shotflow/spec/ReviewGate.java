package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a stage stops for a human: the values of {@code review.keyframes}, {@code review.clips} and
 * {@code review.lip_sync}.
 */
public enum ReviewGate {
  /** A reviewer approves a take before the shot goes on. */
  REQUIRED("required"),
  /** The first take goes on without a review. */
  AUTO("auto");

  private final String value;

  ReviewGate(String value) {
    this.value = value;
  }

  /** The spelling in a spec. */
  @JsonValue
  public String value() {
    return value;
  }

  /** Every spelling, in declaration order. */
  public static List<String> spellings() {
    return Arrays.stream(values()).map(ReviewGate::value).toList();
  }

  /** The gate spelled {@code value}; an unknown spelling is an {@link IllegalArgumentException}. */
  @JsonCreator
  public static ReviewGate of(String value) {
    return Arrays.stream(values()).filter(g -> g.value.equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a review gate: '" + value + "'"));
  }
}

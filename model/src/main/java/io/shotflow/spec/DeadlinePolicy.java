package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** What happens when a review waits past its deadline: the values of {@code review.on_deadline}. */
public enum DeadlinePolicy {
  /** The shot waits on for a human, shown as paused. */
  PAUSE("pause"),
  /** The first take under review is approved by "deadline"; a decision after a failure still waits for a human. */
  AUTO_APPROVE("auto_approve"),
  /** The shot is cancelled. */
  CANCEL("cancel");

  private final String value;

  DeadlinePolicy(String value) {
    this.value = value;
  }

  /** The spelling in a spec. */
  @JsonValue
  public String value() {
    return value;
  }

  /** Every spelling, in declaration order. */
  public static List<String> spellings() {
    return Arrays.stream(values()).map(DeadlinePolicy::value).toList();
  }

  /** The policy spelled {@code value}; an unknown spelling is an {@link IllegalArgumentException}. */
  @JsonCreator
  public static DeadlinePolicy of(String value) {
    return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a deadline policy: '" + value + "'"));
  }
}

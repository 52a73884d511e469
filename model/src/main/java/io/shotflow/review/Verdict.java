package io.shotflow.review;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A reviewer's answer. {@code approve}/{@code reject} answer a take review; when a provider failure waits
 * for a decision, {@code retry} (or {@code reject} with a revised prompt) regenerates and {@code skip}
 * leaves the shot out of the cut.
 */
public enum Verdict {
  @JsonProperty("approve") APPROVE,
  @JsonProperty("reject") REJECT,
  @JsonProperty("retry") RETRY,
  @JsonProperty("skip") SKIP
}

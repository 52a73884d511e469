package io.shotflow.activities.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds or an HTTP date; past dates mean now. */
public final class RetryAfter {

  private RetryAfter() {}

  public static Optional<Duration> parse(Optional<String> header, Clock clock) {
    return header.map(String::trim).filter(v -> !v.isEmpty()).flatMap(value -> {
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
      } catch (NumberFormatException notSeconds) {
        try {
          Duration until = Duration.between(clock.instant(),
              ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
          return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException notADate) {
          return Optional.empty();
        }
      }
    });
  }
}

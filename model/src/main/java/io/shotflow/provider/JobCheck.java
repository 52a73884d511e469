package io.shotflow.provider;

import java.time.Duration;

/**
 * One look at a provider job: its {@code result} once it ended well (null while it runs), what the provider last
 * said of it ({@code providerStatus}, its own word: {@code processing}, {@code IN_QUEUE}, …) and how long to wait
 * before the next look unless a webhook comes first ({@code checkAgainIn}).
 */
public record JobCheck(GenerationResult result, String providerStatus, Duration checkAgainIn) {

  public static JobCheck done(GenerationResult result) {
    return new JobCheck(result, "done", null);
  }

  public static JobCheck running(String providerStatus, Duration checkAgainIn) {
    return new JobCheck(null, providerStatus, checkAgainIn);
  }

  public boolean finished() {
    return result != null;
  }
}

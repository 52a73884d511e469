package io.shotflow.bench;

import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.provider.ProviderCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code http_calls_per_clip}: clips generated on the real Kling adapter against the Kling emulator, whose job
 * latency is fixed, counting every HTTP request the emulator receives (submits, polls, downloads). Webhook mode: the
 * stack has a public URL ({@link PublicSite}) and a webhook secret, so each job carries a callback that reaches the
 * API's webhook route. Polling mode: no callback; the wait polls every {@code pollInterval}. Each mode runs on its own
 * fresh stack.
 */
final class HttpCalls {

  record Mode(double callsPerClip, int clips, long requests) {}

  record Result(Mode webhook, Mode polling, double latencySeconds, double pollIntervalSeconds, int pollingTarget) {}

  private HttpCalls() {}

  static Result measure(BenchStack.Starter starter, Path workDir, Duration latency, Duration pollInterval, int clips)
      throws Exception {
    Mode webhook = run(starter, workDir.resolve("kling-webhook"), latency, null, clips);
    Mode polling = run(starter, workDir.resolve("kling-polling"), latency, pollInterval, clips);
    int target = 2 + (int) Math.ceil((double) latency.toMillis() / pollInterval.toMillis());
    return new Result(webhook, polling, latency.toMillis() / 1e3, pollInterval.toMillis() / 1e3, target);
  }

  /** One mode: webhooks when {@code pollInterval} is null, else polling at that interval. */
  private static Mode run(BenchStack.Starter starter, Path folder, Duration latency, Duration pollInterval, int clips)
      throws Exception {
    try (KlingEmulator kling = KlingEmulator.start(KlingEmulator.Options.of("bench-ak", "bench-sk")
        .withLatency(Duration.ZERO, latency).withSizes(320, 320).withFolder(folder));
        PublicSite site = new PublicSite()) {
      Map<String, Object> props = new HashMap<>();
      props.put("shotflow.providers.kling.base-url", kling.baseUrl());
      props.put("shotflow.providers.kling.access-key", "bench-ak");
      props.put("shotflow.providers.kling.secret-key", "bench-sk");
      if (pollInterval == null) {
        props.put("shotflow.public-url", site.url());
        props.put("shotflow.providers.kling.webhook-secret", "bench-webhook-secret");
      } else {
        props.put("shotflow.providers.kling.poll-interval", pollInterval.toMillis() + "ms");
      }
      try (BenchStack stack = starter.start(props)) {
        site.serve(stack);
        BenchStack.Submitted storyboard = stack.submit(BenchSpecs.clipsOnly(
            "HTTP calls " + (pollInterval == null ? "webhook" : "polling"), ProviderCatalog.KLING, clips,
            stack.outputs().frameAsset()));
        stack.completed(storyboard, latency.multipliedBy(10).plus(Duration.ofMinutes(2)));
        long requests = kling.requests();
        return new Mode((double) requests / clips, clips, requests);
      }
    }
  }
}

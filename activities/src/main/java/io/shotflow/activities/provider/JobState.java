package io.shotflow.activities.provider;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import io.shotflow.provider.ProviderError;

/** What a provider says about a job. */
public sealed interface JobState {

  /** Queued or generating; {@code status} is the provider's own word for it (null: it gave none). */
  record Running(String status) implements JobState {

    public Running() {
      this(null);
    }
  }

  /**
   * Done: the output is a local file or a URL (often expiring, so it is copied at once). {@code contentType} may be
   * null when the provider does not say; the download's header or the file name decides then. {@code outputVideoId} is
   * the provider's id of the output video when later calls can name it (Kling's {@code video_id}), else null.
   */
  record Succeeded(Path localFile, URI url, BigDecimal costUsd, String contentType, String outputVideoId)
      implements JobState {

    public Succeeded {
      if ((localFile == null) == (url == null)) {
        throw new IllegalArgumentException("a finished job has exactly one of a local file or a URL");
      }
      costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    public static Succeeded file(Path localFile, BigDecimal costUsd, String contentType) {
      return new Succeeded(localFile, null, costUsd, contentType, null);
    }

    public static Succeeded url(URI url, BigDecimal costUsd, String contentType) {
      return new Succeeded(null, url, costUsd, contentType, null);
    }

    public Succeeded withOutputVideoId(String id) {
      return new Succeeded(localFile, url, costUsd, contentType, id);
    }
  }

  /** Ended without output. */
  record Failed(ProviderError error, String message) implements JobState {}
}

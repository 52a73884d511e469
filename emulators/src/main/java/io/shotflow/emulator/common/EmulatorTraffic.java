package io.shotflow.emulator.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a fault test sees of an emulator's traffic as it happens, and the brakes it can put on it: listeners get every
 * accepted submit, answer, query, download, finished job and webhook delivery with its wall-clock time; a hold keeps
 * the answers to accepted submits back (a submit "in flight"); slow downloads stretch each output download over a set
 * time. Nothing is recorded and nothing is slowed unless a test asks.
 */
public final class EmulatorTraffic {

  /** What happened. */
  public enum Kind {
    /** a submit was accepted (counted) and its answer is about to be sent */
    SUBMIT_ACCEPTED,
    /** the answer to an accepted submit was written */
    SUBMIT_ANSWERED,
    /** a submit was refused because its idempotency key was already accepted */
    SUBMIT_DUPLICATE,
    /** a job's status was asked for */
    QUERY,
    /** an output download began; {@code detail} is the file name */
    DOWNLOAD_STARTED,
    /** an output download was written out, or broke off ({@code status} 0) */
    DOWNLOAD_ENDED,
    /** a job ended; {@code detail} is its status */
    FINISHED,
    /** a webhook was answered ({@code status} the HTTP status, 0 when it could not be delivered) */
    WEBHOOK_ANSWERED
  }

  /**
   * One event: when (epoch milliseconds), what, the provider's job id, the caller's idempotency key (empty when none or
   * unknown), an HTTP status where one applies, and a detail (a submit's prompt, a download's file name, a finished
   * job's or a webhook's job status), and for a webhook the URL it went to (else empty).
   */
  public record Event(long atMillis, Kind kind, String jobId, String key, int status, String detail, String target) {}

  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch submitHold;
  private volatile Duration downloadTime = Duration.ZERO;

  /** Adds a listener; it runs on the emulator's threads and must be quick. */
  public void listen(Consumer<Event> listener) {
    listeners.add(listener);
  }

  public void event(Kind kind, String jobId, String key, int status, String detail) {
    event(kind, jobId, key, status, detail, "");
  }

  /** A webhook delivery to {@code target}, answered {@code status} (0: not delivered). */
  public void webhook(String jobId, String key, int status, String jobStatus, String target) {
    event(Kind.WEBHOOK_ANSWERED, jobId, key, status, jobStatus, target);
  }

  private void event(Kind kind, String jobId, String key, int status, String detail, String target) {
    if (listeners.isEmpty()) {
      return;
    }
    Event event = new Event(System.currentTimeMillis(), kind, jobId, key == null ? "" : key, status,
        detail == null ? "" : detail, target == null ? "" : target);
    for (Consumer<Event> listener : listeners) {
      listener.accept(event);
    }
  }

  /**
   * From now on, answers to accepted submits wait until {@link #releaseSubmits()} (at most {@code limit}): the job
   * exists at the provider while its caller has no answer yet.
   */
  public void holdSubmits() {
    submitHold = new CountDownLatch(1);
  }

  /** Lets every held answer go and holds no more. */
  public void releaseSubmits() {
    CountDownLatch hold = submitHold;
    submitHold = null;
    if (hold != null) {
      hold.countDown();
    }
  }

  /** Called by the emulator between accepting a submit and answering it. */
  public void awaitSubmitRelease(Duration limit) {
    CountDownLatch hold = submitHold;
    if (hold == null) {
      return;
    }
    try {
      hold.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Output downloads from now on take at least {@code time} each ({@link Duration#ZERO}: full speed). */
  public void slowDownloads(Duration time) {
    downloadTime = time;
  }

  /**
   * Writes {@code file} to {@code out}, spread over the slow-download time when one is set, in 16 KiB pieces; an
   * {@link IOException} when the caller went away.
   */
  public void copy(Path file, OutputStream out) throws IOException {
    long millis = downloadTime.toMillis();
    if (millis <= 0) {
      Files.copy(file, out);
      return;
    }
    long size = Math.max(1, Files.size(file));
    long started = System.nanoTime();
    long sent = 0;
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        out.flush();
        sent += n;
        long due = millis * sent / size;
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (due > elapsed) {
          EmulatorHttp.sleep(due - elapsed);
        }
      }
    }
  }
}

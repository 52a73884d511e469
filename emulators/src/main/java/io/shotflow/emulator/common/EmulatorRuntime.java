package io.shotflow.emulator.common;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What an emulator runs on: its media folder, its job queue, its webhook sender, its count of accepted submissions and
 * its HTTP server on 127.0.0.1. {@link #close()} stops the server, then lets a render in progress finish.
 */
public record EmulatorRuntime(EmulatorMedia media, JobScheduler jobs, EmulatorWebhooks webhooks,
    SubmissionCounter submissions, EmulatorHttp.Started http) implements AutoCloseable {

  /**
   * Starts the emulator {@code name} ({@code fal-emulator}: its threads and default folder) serving {@code handler}
   * on {@code port} (0 picks a free one); {@code folder} null is a fresh temporary folder; {@code label} names it in
   * logs.
   */
  public static EmulatorRuntime start(String name, String label, Path folder, int port, Duration queueLatency,
      Duration processingLatency, HttpHandler handler) throws IOException {
    EmulatorMedia media = new EmulatorMedia(folder != null ? folder : Files.createTempDirectory(name));
    JobScheduler jobs = new JobScheduler(name, queueLatency, processingLatency);
    EmulatorHttp.Started http = EmulatorHttp.start(name, port, handler);
    return new EmulatorRuntime(media, jobs, new EmulatorWebhooks(label), new SubmissionCounter(), http);
  }

  public String baseUrl() {
    return http.baseUrl();
  }

  @Override
  public void close() {
    http.stop();
    jobs.close();
  }
}

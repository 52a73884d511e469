package io.shotflow.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream read one event at a time (the {@code text/event-stream} format: {@code event:} names the
 * event, {@code data:} lines carry its text, a blank line ends it, lines starting with {@code :} are comments).
 */
final class EventStream implements AutoCloseable {

  /** One event: {@code name} is {@code message} when the server named none. */
  record Event(String name, String data) {}

  private final InputStream body;
  private final BufferedReader reader;

  EventStream(InputStream body) {
    this.body = body;
    this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  /** The next event, or null when the server ended the stream. */
  Event next() throws IOException {
    String name = null;
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(name == null ? "message" : name, data.toString());
        }
        name = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        name = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return null;
  }

  /**
   * Closes the response body itself: the reader's close would wait for a {@link #next} blocked on another thread
   * (both hold the reader's lock), which is the very case a watcher gives a silent stream up in.
   */
  @Override
  public void close() throws IOException {
    body.close();
  }
}

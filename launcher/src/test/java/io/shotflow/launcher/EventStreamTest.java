package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text/event-stream format as the watcher reads it. */
class EventStreamTest {

  @Test
  void namesDataLinesCommentsAndTheEnd() throws Exception {
    String text = ": keep-alive\n\nevent: progress\ndata: {\"percent\": 5}\n\ndata:first\ndata: second\nid: 7\n\n"
        + "event: stage\ndata: {}\n";
    try (EventStream stream = new EventStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      assertEquals(new EventStream.Event("progress", "{\"percent\": 5}"), stream.next());
      assertEquals(new EventStream.Event("message", "first\nsecond"), stream.next());
      // an event the stream's end cuts off before its blank line is not dispatched
      assertNull(stream.next());
    }
  }
}

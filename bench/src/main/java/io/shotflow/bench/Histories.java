package io.shotflow.bench;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;

/** Times read off workflow histories (the server's clock, the same for every event). */
final class Histories {

  private Histories() {}

  /** From the first event (execution started) to the last (execution closed). */
  static double makespanSeconds(List<HistoryEvent> events) {
    return seconds(events.get(0).getEventTime(), events.get(events.size() - 1).getEventTime());
  }

  /** Start to completion of the last activity of {@code type} (the work itself, without its queueing). */
  static double activitySeconds(List<HistoryEvent> events, String type) {
    long scheduled = -1;
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type)) {
        scheduled = e.getEventId();
      }
    }
    Timestamp started = null;
    Timestamp completed = null;
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled) {
        started = e.getEventTime();
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduled) {
        completed = e.getEventTime();
      }
    }
    if (started == null || completed == null) {
      throw new IllegalStateException("no completed " + type + " activity in the history");
    }
    return seconds(started, completed);
  }

  static double seconds(Timestamp from, Timestamp to) {
    return (to.getSeconds() - from.getSeconds()) + (to.getNanos() - from.getNanos()) / 1e9;
  }
}

package io.shotflow.api.storyboard;

import io.micronaut.http.sse.Event;
import io.shotflow.api.storyboard.StoryboardView.PendingReviewView;
import io.shotflow.api.storyboard.StoryboardView.ShotView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive statuses of one storyboard into server-sent events, emitting only what changed:
 * {@code progress} (percent, state, spend), {@code stage} (per shot) and {@code review} (the pending set).
 */
final class StatusEvents {

  record Progress(int percent, String state, BigDecimal spendUsd, BigDecimal budgetUsd) {}

  record StageChange(String shot, String stage) {}

  record Reviews(List<PendingReviewView> pendingReviews) {}

  private Progress lastProgress;
  private final Map<String, String> lastStages = new HashMap<>();
  private List<PendingReviewView> lastPending;

  List<Event<?>> next(StoryboardView status) {
    List<Event<?>> events = new ArrayList<>();
    for (ShotView shot : status.shots()) {
      if (!shot.stage().equals(lastStages.put(shot.id(), shot.stage()))) {
        events.add(Event.of(new StageChange(shot.id(), shot.stage())).name("stage"));
      }
    }
    if (!status.pendingReviews().equals(lastPending)) {
      lastPending = status.pendingReviews();
      events.add(Event.of(new Reviews(lastPending)).name("review"));
    }
    Progress progress = new Progress(status.progressPercent(), status.state().value(), status.spendUsd(),
        status.budgetUsd());
    if (!progress.equals(lastProgress)) {
      lastProgress = progress;
      events.add(Event.of(progress).name("progress"));
    }
    return events;
  }
}

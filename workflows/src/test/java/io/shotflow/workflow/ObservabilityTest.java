package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.review.Subjects;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  private static final String LONG_PROMPT = "Caméra qui avance — ".repeat(20);

  @Test
  void operatorsSeeSearchAttributesSummariesAndCurrentDetails() {
    h.start("ob", """
        title: Observed
        review: {keyframes: required, clips: auto}
        shots:
          - {id: reveal, prompt: "%s", start_frame: {prompt: k}}
        """.formatted(LONG_PROMPT));
    h.awaitPending("ob", "reveal", Subjects.keyframe("reveal", "start"));

    WorkflowExecutionDescription shot = describe(WorkflowIds.shot("ob", "reveal"));
    assertEquals("ob", shot.getTypedSearchAttributes().get(SearchAttributes.STORYBOARD_ID));
    assertEquals("reveal", shot.getTypedSearchAttributes().get(SearchAttributes.SHOT_ID));
    assertEquals("keyframe_review", shot.getTypedSearchAttributes().get(SearchAttributes.STAGE));
    assertEquals(true, shot.getTypedSearchAttributes().get(SearchAttributes.AWAITING_REVIEW));
    assertEquals("local", shot.getTypedSearchAttributes().get(SearchAttributes.PROVIDER));
    assertEquals(0.0, shot.getTypedSearchAttributes().get(SearchAttributes.SPEND_USD));
    String summary = shot.getStaticSummary();
    assertTrue(summary.startsWith("Shot reveal: Caméra qui avance"), summary);
    assertTrue(summary.endsWith("…"), summary);
    assertTrue(summary.getBytes(StandardCharsets.UTF_8).length <= 200, summary);
    String shotDetails = currentDetails(WorkflowIds.shot("ob", "reveal"));
    assertTrue(shotDetails.contains("| reveal | keyframe_review | 1 | 0 | $0 |"), shotDetails);
    assertTrue(shotDetails.contains("Awaiting: keyframe:reveal:start (kf-start-a1)"), shotDetails);

    WorkflowExecutionDescription storyboard = describe(WorkflowIds.storyboard("ob"));
    assertEquals("ob", storyboard.getTypedSearchAttributes().get(SearchAttributes.STORYBOARD_ID));
    assertEquals("running", storyboard.getTypedSearchAttributes().get(SearchAttributes.STAGE));
    assertEquals("local", storyboard.getTypedSearchAttributes().get(SearchAttributes.PROVIDER));
    String storyboardDetails = currentDetails(WorkflowIds.storyboard("ob"));
    assertTrue(storyboardDetails.contains("**Observed** · running · 0/1 shots done"), storyboardDetails);
    assertTrue(storyboardDetails.contains("| reveal | running |"), storyboardDetails);

    h.approve("ob", "reveal", Subjects.keyframe("reveal", "start"));
    h.result("ob");

    WorkflowExecutionDescription done = describe(WorkflowIds.shot("ob", "reveal"));
    assertEquals("done", done.getTypedSearchAttributes().get(SearchAttributes.STAGE));
    assertEquals(false, done.getTypedSearchAttributes().get(SearchAttributes.AWAITING_REVIEW));
    assertEquals("completed", describe(WorkflowIds.storyboard("ob")).getTypedSearchAttributes().get(SearchAttributes.STAGE));
    assertTrue(currentDetails(WorkflowIds.storyboard("ob")).contains("| reveal | done |"));

    List<String> activitySummaries = h.client.fetchHistory(WorkflowIds.shot("ob", "reveal")).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(e -> e.getUserMetadata().hasSummary())
        .map(e -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(e.getUserMetadata().getSummary(), String.class, String.class))
        .toList();
    assertEquals(List.of("keyframe take kf-start-a1 via local", "check keyframe take kf-start-a1 via local",
        "clip take clip-a1-v1 via local", "check clip take clip-a1-v1 via local"), activitySummaries);
    List<String> parentSummaries = h.client.fetchHistory(WorkflowIds.storyboard("ob")).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(e -> e.getUserMetadata().hasSummary())
        .map(e -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(e.getUserMetadata().getSummary(), String.class, String.class))
        .toList();
    assertEquals(List.of("assemble 1 shot of storyboard ob"), parentSummaries);
  }

  private WorkflowExecutionDescription describe(String workflowId) {
    return h.client.newUntypedWorkflowStub(workflowId).describe();
  }

  private String currentDetails(String workflowId) {
    return h.client.newUntypedWorkflowStub(workflowId)
        .query(WorkflowClient.QUERY_TYPE_WORKFLOW_METADATA, WorkflowMetadata.class).getCurrentDetails();
  }
}

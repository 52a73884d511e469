package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotResult;
import io.shotflow.workflows.shot.ShotWorkflowImpl;
import io.shotflow.workflows.storyboard.StoryboardWorkflowImpl;
import io.shotflow.workflows.activity.ActivityStubs;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.WorkflowInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed histories replay against the current implementations. {@link HistoryFixtureWriter} records them from
 * the scenarios ({@link ReplayScenario}, {@link FailoverScenario}, {@link NativeExtendScenario},
 * {@link LateCancelScenario}) into one folder per set under histories/; this test walks histories/ and replays every
 * history it finds, so a new folder is picked up without being listed here. docs/versioning.md says when a set is
 * re-recorded and when a new folder is added.
 */
class ReplayTest {

  /** Where the fixtures are: the source folder, so a fixture deleted there is not replayed from an old build. */
  static final Path FIXTURES = Path.of("src/test/resources/histories");

  /** Every history in every folder under {@link #FIXTURES} replays; no folder listed by hand, and none is no pass. */
  @TestFactory
  Stream<DynamicTest> recordedHistoriesReplayWithoutNondeterminism() throws IOException {
    List<Path> histories = fixtures();
    assertFalse(histories.isEmpty(), "no replay fixtures (*.json) under " + FIXTURES.toAbsolutePath());
    return histories.stream().map(file -> DynamicTest.dynamicTest(FIXTURES.relativize(file).toString(),
        () -> WorkflowReplayer.replayWorkflowExecution(file.toFile(), StoryboardWorkflowImpl.class,
            ShotWorkflowImpl.class)));
  }

  /** The histories under {@link #FIXTURES}, in every folder, sorted. */
  static List<Path> fixtures() throws IOException {
    if (!Files.isDirectory(FIXTURES)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(FIXTURES)) {
      return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
          .toList();
    }
  }

  /**
   * The baseline holds what makes each scenario worth replaying: wavespeed's submit timed out on its queue before
   * kling stood in, kling's busy refusal was waited out on a timer, the late cancels closed their workflows as cancelled.
   */
  @Test
  void theBaselineCoversTheScenariosItIsRecordedFrom() throws Exception {
    List<HistoryEvent> failover = events("baseline/failover-shot-a.json");
    assertTrue(failover.stream().anyMatch(e -> e.hasActivityTaskTimedOutEventAttributes()
        && e.getActivityTaskTimedOutEventAttributes().getFailure().getTimeoutFailureInfo().getTimeoutType()
            == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START), "wavespeed's submit timed out on its queue");
    assertTrue(failover.stream().anyMatch(e -> e.hasActivityTaskFailedEventAttributes()
        && "PROVIDER_BUSY".equals(e.getActivityTaskFailedEventAttributes().getFailure().getApplicationFailureInfo()
            .getType())), "kling refused a submit as busy");
    assertTrue(failover.stream().anyMatch(HistoryEvent::hasTimerStartedEventAttributes), "and the shot waited");
    for (String file : List.of("baseline/late-cancel-shot-a.json", "baseline/late-cancel-storyboard.json")) {
      List<HistoryEvent> events = events(file);
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, events.get(events.size() - 1).getEventType(), file);
    }
  }

  private static List<HistoryEvent> events(String fixture) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(FIXTURES.resolve(fixture))).getEvents();
  }

  /** Proves the replay is a real check: code that issues a different first command is refused. */
  @Test
  void aChangedCommandSequenceIsDetected() {
    Exception e = assertThrows(Exception.class,
        () -> WorkflowReplayer.replayWorkflowExecution(FIXTURES.resolve("baseline/shot-a.json").toFile(),
            Reordered.class));
    assertTrue(e.getMessage().contains("NonDeterministicException"), e.getMessage());
  }

  /** The shot workflow with its first command changed: a media call before anything else. */
  public static class Reordered extends ShotWorkflowImpl {
    @WorkflowInit
    public Reordered(ShotInput input) {
      super(input);
    }

    @Override
    public ShotResult run(ShotInput input) {
      ActivityStubs.media("not in the history").extractLastFrame(new AssetRef("x.mp4", "video/mp4"));
      return super.run(input);
    }
  }
}

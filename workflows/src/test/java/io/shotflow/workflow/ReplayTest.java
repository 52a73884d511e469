package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotWorkflowImpl;
import io.shotflow.storyboard.StoryboardWorkflowImpl;
import io.shotflow.temporal.ActivityStubs;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.WorkflowInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed histories (written by {@link HistoryFixtureWriter}) replay against the current implementations. */
class ReplayTest {

  @ParameterizedTest
  @ValueSource(strings = {"histories/storyboard.json", "histories/shot-a.json", "histories/shot-b.json",
      "histories/local-catalog/storyboard.json", "histories/local-catalog/shot-a.json",
      "histories/local-catalog/shot-b.json"})
  void recordedHistoriesReplayWithoutNondeterminism(String resource) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(resource, StoryboardWorkflowImpl.class, ShotWorkflowImpl.class);
  }

  /** Proves the replay is a real check: code that issues a different first command is refused. */
  @Test
  void aChangedCommandSequenceIsDetected() {
    Exception e = assertThrows(Exception.class,
        () -> WorkflowReplayer.replayWorkflowExecutionFromResource("histories/shot-a.json", Reordered.class));
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

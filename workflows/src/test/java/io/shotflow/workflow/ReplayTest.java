package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.catalog.CatalogWriter;
import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotWorkflowImpl;
import io.shotflow.storyboard.StoryboardWorkflowImpl;
import io.shotflow.temporal.ActivityStubs;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.WorkflowInit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed histories replay against the current implementations. Each folder is one shape, written by
 * {@link HistoryFixtureWriter}: directly under histories/ the original (no version markers); v1/ provider failover
 * (including a failover); local-catalog/ catalog writes as local activities without failover; v2/ both;
 * native-extend/ a Kling 1.6 shot on the native-extend path with regular catalog activities; v3/ all of them; v4/ all
 * of them with catalog writes batched; v5/ all of them with every change of the status recorded, plus a shot and a
 * storyboard whose own end met a cancel ({@link LateCancelScenario}); v6/ all of them with that cancel recorded too.
 * Every history under histories/ is replayed, found by walking the folder.
 */
class ReplayTest {

  private static final String[] BEFORE_FAILOVER =
      {"histories/storyboard.json", "histories/shot-a.json", "histories/shot-b.json"};

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

  /** The fixtures cover both sides of the version gate: old shots without the marker, new ones at version 1. */
  @Test
  void theFixturesCoverBothSidesOfTheFailoverVersion() throws Exception {
    for (String resource : BEFORE_FAILOVER) {
      assertEquals(List.of(), failoverVersions(resource), resource);
    }
    assertEquals(List.of(1), failoverVersions("histories/v1/shot-a.json"));
    WorkflowExecutionHistory failover = history("histories/v1/failover-shot-a.json");
    assertEquals(List.of(1), failoverVersions("histories/v1/failover-shot-a.json"));
    assertTrue(failover.getEvents().stream().anyMatch(e -> e.hasActivityTaskTimedOutEventAttributes()
        && e.getActivityTaskTimedOutEventAttributes().getFailure().getTimeoutFailureInfo().getTimeoutType()
            == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START), "wavespeed's submit timed out on its queue");
  }

  /** Only the Kling 1.6 fixture extends natively; no earlier fixture has the marker (their extends are Kling 2.1's). */
  @Test
  void theNativeExtendFixtureTookTheNewPath() throws Exception {
    for (String resource : List.of("histories/shot-a.json", "histories/shot-b.json", "histories/v1/shot-b.json",
        "histories/v1/failover-shot-a.json")) {
      assertEquals(List.of(), versions(resource, ShotWorkflowImpl.NATIVE_EXTEND_CHANGE), resource);
    }
    assertEquals(List.of(1), versions("histories/native-extend/shot-a.json", ShotWorkflowImpl.NATIVE_EXTEND_CHANGE));
    assertEquals(List.of(1), versions("histories/v3/native-extend-shot-a.json", ShotWorkflowImpl.NATIVE_EXTEND_CHANGE));
    assertEquals(List.of(1), versions("histories/v3/native-extend-shot-a.json", ActivityStubs.LOCAL_CATALOG));
  }

  /** Both sides of the local-catalog version, alone and together with failover. */
  @Test
  void theFixturesCoverBothSidesOfTheLocalCatalogVersion() throws Exception {
    assertEquals(List.of(), versions("histories/v1/shot-a.json", ActivityStubs.LOCAL_CATALOG));
    assertEquals(List.of(1), versions("histories/local-catalog/shot-a.json", ActivityStubs.LOCAL_CATALOG));
    assertEquals(List.of(), versions("histories/local-catalog/shot-a.json", ShotWorkflowImpl.FAILOVER_CHANGE));
    for (String resource : List.of("histories/v2/shot-a.json", "histories/v2/failover-shot-a.json")) {
      assertEquals(List.of(1), versions(resource, ActivityStubs.LOCAL_CATALOG), resource);
      assertEquals(List.of(1), versions(resource, ShotWorkflowImpl.FAILOVER_CHANGE), resource);
    }
    assertTrue(history("histories/v2/shot-a.json").getEvents().stream()
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
            && "LocalActivity".equals(e.getMarkerRecordedEventAttributes().getMarkerName())),
        "catalog writes are local activity markers");
  }

  /** Both sides of the catalog-batches version: the same scenarios write the same records in fewer activities. */
  @Test
  void theFixturesCoverBothSidesOfTheCatalogBatchVersion() throws Exception {
    for (String file : List.of("storyboard.json", "shot-a.json", "shot-b.json", "failover-shot-a.json",
        "native-extend-shot-a.json")) {
      assertEquals(List.of(), versions("histories/v3/" + file, CatalogWriter.BATCHES), file);
      assertEquals(List.of(1), versions("histories/v4/" + file, CatalogWriter.BATCHES), file);
      assertEquals(List.of(1), versions("histories/v4/" + file, ActivityStubs.LOCAL_CATALOG), file);
    }
    for (String file : List.of("shot-a.json", "shot-b.json", "failover-shot-a.json", "native-extend-shot-a.json")) {
      long before = catalogActivities("histories/v3/" + file);
      long after = catalogActivities("histories/v4/" + file);
      assertTrue(after * 2 <= before + 1, file + ": " + before + " catalog activities before, " + after + " batched");
    }
  }

  /** Both sides of the catalog-live-status version: v4 workflows record stage changes only, v5 ones every change. */
  @Test
  void theFixturesCoverBothSidesOfTheLiveStatusVersion() throws Exception {
    for (String file : List.of("storyboard.json", "shot-a.json", "shot-b.json", "failover-storyboard.json",
        "failover-shot-a.json", "native-extend-storyboard.json", "native-extend-shot-a.json")) {
      assertEquals(List.of(), versions("histories/v4/" + file, CatalogWriter.LIVE_STATUS), file);
      assertEquals(List.of(1), versions("histories/v5/" + file, CatalogWriter.LIVE_STATUS), file);
      assertEquals(List.of(1), versions("histories/v5/" + file, CatalogWriter.BATCHES), file);
    }
  }

  /**
   * Both sides of the catalog-late-cancel version, in the histories that reach it: in v5 the shot and the storyboard
   * closed cancelled with the record of their own end as the last, in v6 they write the cancel after it. Other
   * histories never ask.
   */
  @Test
  void theFixturesCoverBothSidesOfTheLateCancelVersion() throws Exception {
    for (String file : List.of("late-cancel-shot-a.json", "late-cancel-storyboard.json")) {
      assertEquals(List.of(), versions("histories/v5/" + file, CatalogWriter.LATE_CANCEL), file);
      assertEquals(List.of(1), versions("histories/v6/" + file, CatalogWriter.LATE_CANCEL), file);
      for (String folder : List.of("histories/v5/", "histories/v6/")) {
        var events = history(folder + file).getEvents().stream().map(HistoryEvent::getEventType).toList();
        assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, events.get(events.size() - 1), folder + file);
      }
    }
    var shot = history("histories/v5/late-cancel-shot-a.json").getEvents().stream().map(HistoryEvent::getEventType);
    assertTrue(shot.anyMatch(t -> t == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED), "the shot's task was refused");
    assertEquals(catalogActivities("histories/v5/late-cancel-shot-a.json") + 1,
        catalogActivities("histories/v6/late-cancel-shot-a.json"));
    assertEquals(List.of(), versions("histories/v6/shot-a.json", CatalogWriter.LATE_CANCEL));
    assertEquals(List.of(), versions("histories/v6/storyboard.json", CatalogWriter.LATE_CANCEL));
  }

  private static long catalogActivities(String resource) throws Exception {
    return history(resource).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
            && "LocalActivity".equals(e.getMarkerRecordedEventAttributes().getMarkerName()))
        .count();
  }

  private static WorkflowExecutionHistory history(String resource) throws Exception {
    try (var in = ReplayTest.class.getClassLoader().getResourceAsStream(resource)) {
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<Integer> failoverVersions(String resource) throws Exception {
    return versions(resource, ShotWorkflowImpl.FAILOVER_CHANGE);
  }

  /** The versions recorded for {@code change} (empty when the history has no marker of it). */
  private static List<Integer> versions(String resource, String change) throws Exception {
    List<Integer> versions = new ArrayList<>();
    for (HistoryEvent event : history(resource).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
          && event.getMarkerRecordedEventAttributes().getDetailsMap().containsKey("changeId")) {
        var details = event.getMarkerRecordedEventAttributes().getDetailsMap();
        String changeId = DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, Optional.of(details.get("changeId")),
            String.class, String.class);
        if (change.equals(changeId)) {
          versions.add(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, Optional.of(details.get("version")),
              Integer.class, Integer.class));
        }
      }
    }
    return versions;
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

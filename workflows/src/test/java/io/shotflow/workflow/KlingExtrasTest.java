package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.MediaActivities.DialogueCut;
import io.shotflow.activity.MediaActivities.JoinRequest;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A line of dialogue as text (the provider speaks it) and Kling 1.6's native extend. */
class KlingExtrasTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aShotWithDialogueTextCompletesWithTheLineInItsLipSyncRequest() {
    h.start("text", """
        title: Spoken line
        review: {keyframes: auto, clips: auto, lip_sync: auto, deadline: PT24H, on_deadline: pause}
        shots:
          - id: talk
            prompt: She looks up and speaks
            start_frame: {prompt: A woman at a desk}
            dialogue: {text: "The watch was my grandfather's.", voice_id: en_AOT, voice_speed: 1.2}
        """);
    StoryboardResult result = h.result("text");

    assertEquals(StoryboardState.COMPLETED, result.state());
    GenerationRequest lipSync = h.providers.requests("talk", GenerationKind.LIP_SYNC).get(0);
    assertNull(lipSync.audio());
    assertEquals(new GenerationRequest.Speech("The watch was my grandfather's.", "en_AOT", "en", 1.2), lipSync.speech());
    GenerationRequest clip = h.providers.requests("talk", GenerationKind.CLIP).get(0);
    assertEquals(FakeProviders.assetIdFor(clip.idempotencyKey(), "mp4"), lipSync.sourceVideo().id());
    assertEquals(FakeProviders.assetIdFor(lipSync.idempotencyKey(), "mp4"),
        h.media.assemblies.get(0).shots().get(0).video().id());
  }

  /**
   * A 15 s shot (a 5 s clip and two 5 s extends) with an 8 s recording on Kling, whose lip-sync takes 2–10 s of video:
   * split at its clips, the two segments the line reaches are lip-synced with the piece of it heard over each, Kling's
   * own videos named by id, and joined back with the third.
   */
  @Test
  void aFifteenSecondKlingShotIsLipSyncedSegmentBySegmentWhereTheLineReaches() {
    h.media.dialogueSeconds = 8;
    h.start("split", """
        title: Split lip-sync
        provider: kling
        tier: pro
        budget_usd: 5
        review: {keyframes: auto, clips: auto, lip_sync: auto}
        shots:
          - id: talk
            prompt: She speaks to camera
            start_frame: {prompt: A woman at a desk}
            extend: [{prompt: She leans in}, {prompt: She sits back}]
            dialogue: {audio: "asset:line.wav"}
        """);

    assertEquals(StoryboardState.COMPLETED, h.result("split").state());
    AssetRef line = AssetRef.fromUri("asset:line.wav");
    assertEquals(List.of(new DialogueCut(line, 0, 5), new DialogueCut(line, -5, 3)), h.media.cuts);
    List<GenerationRequest> lipSyncs = h.providers.requests("talk", GenerationKind.LIP_SYNC);
    assertEquals(List.of(5, 5), lipSyncs.stream().map(GenerationRequest::durationSeconds).toList());
    GenerationRequest clip = h.providers.requests("talk", GenerationKind.CLIP).get(0);
    GenerationRequest ext1 = h.providers.requests("talk", GenerationKind.EXTEND).get(0);
    GenerationRequest ext2 = h.providers.requests("talk", GenerationKind.EXTEND).get(1);
    assertEquals(FakeProviders.assetIdFor(clip.idempotencyKey(), "mp4"), lipSyncs.get(0).sourceVideo().id());
    assertEquals(FakeProviders.assetIdFor(ext1.idempotencyKey(), "mp4"), lipSyncs.get(1).sourceVideo().id());
    assertTrue(lipSyncs.get(0).sourceVideoId() != null, "Kling's own video, named by its id");
    assertEquals(List.of("cut-line-wav-0.0-5.0.wav", "cut-line-wav--5.0-3.0.wav"),
        lipSyncs.stream().map(r -> r.audio().id()).toList());
    assertEquals(List.of("split/talk/lip_sync:talk:1/a1/v1", "split/talk/lip_sync:talk:2/a1/v1"),
        lipSyncs.stream().map(GenerationRequest::idempotencyKey).toList());

    JoinRequest joined = h.media.joins.get(h.media.joins.size() - 1);
    assertEquals(List.of(FakeProviders.assetIdFor(lipSyncs.get(0).idempotencyKey(), "mp4"),
        FakeProviders.assetIdFor(lipSyncs.get(1).idempotencyKey(), "mp4"),
        FakeProviders.assetIdFor(ext2.idempotencyKey(), "mp4")), joined.clips().stream().map(AssetRef::id).toList());
    assertEquals(1, h.media.joins.size(), "only the segments are joined");
    AssemblyRequest.Shot talk = h.media.assemblies.get(0).shots().get(0);
    assertEquals(15, talk.durationSeconds());
    assertTrue(talk.video().id().startsWith("joined-3-"), talk.video().id());
  }

  /** The workflow extends as the storyboard's snapshot declares, whatever the catalog says now. */
  /** A model priced per second with lengths beyond 5 and 10 s: the clip and its extend step ask for 12 s each. */
  @Test
  void aTwelveSecondKling3ShotRunsAndReservesPerSecond() {
    h.start("v3", """
        title: Twelve seconds
        provider: fal
        model: kling-v3
        tier: pro
        budget_usd: 20
        review: {keyframes: auto, clips: auto}
        shots:
          - {id: dock, duration: 12, prompt: Camera pushes in, start_frame: {prompt: A dock at dawn},
             extend: [{prompt: The boat leaves}]}
        """);

    assertEquals(StoryboardState.COMPLETED, h.result("v3").state());
    GenerationRequest clip = h.providers.requests("dock", GenerationKind.CLIP).get(0);
    GenerationRequest extension = h.providers.requests("dock", GenerationKind.EXTEND).get(0);
    assertEquals("kling-v3", clip.model());
    assertEquals(12, clip.durationSeconds());
    assertEquals(12, extension.durationSeconds());
    assertEquals(0, new java.math.BigDecimal("2.688").compareTo(RateCard.defaults().price(clip)), "12 s × $0.224");
  }

  @Test
  void aShotExtendsFromTheLastFrameWhenItsSnapshotDeclaresNoNativeExtend() {
    Capabilities kling16 = Capabilities.of("kling", ProviderCatalog.KLING_V1_6, "pro");
    assertTrue(kling16.nativeExtend());
    Capabilities withoutNativeExtend = kling16.withNativeExtend(false);
    h.start("snapshot", """
        title: Extend by the snapshot
        provider: kling
        model: kling-v1.6
        tier: pro
        budget_usd: 5
        review: {keyframes: auto, clips: auto}
        shots:
          - {id: orbit, prompt: Camera pushes in, start_frame: {prompt: A watch}, extend: [{prompt: Slow orbit}]}
        """, RateCard.defaults(), null, new ProviderCapabilities(List.of(withoutNativeExtend), List.of()));

    assertEquals(StoryboardState.COMPLETED, h.result("snapshot").state());
    GenerationRequest clip = h.providers.requests("orbit", GenerationKind.CLIP).get(0);
    GenerationRequest extension = h.providers.requests("orbit", GenerationKind.EXTEND).get(0);
    assertNull(extension.sourceVideoId());
    AssetRef clipVideo = new AssetRef(FakeProviders.assetIdFor(clip.idempotencyKey(), "mp4"), "video/mp4");
    assertEquals(List.of(clipVideo), h.media.lastFrameOf);
    assertEquals(1, h.media.joins.size(), "the clip and its extension are joined");
  }

  @Test
  void aKling16ShotExtendsNativelyAndUsesTheWholeExtendedVideo() {
    h.start("native", """
        title: Native extend
        provider: kling
        model: kling-v1.6
        tier: pro
        budget_usd: 5
        review: {keyframes: auto, clips: auto, lip_sync: auto, deadline: PT24H, on_deadline: pause}
        shots:
          - id: orbit
            prompt: Camera pushes in
            start_frame: {prompt: A watch on a pedestal}
            extend: [{prompt: Slow orbit}, {prompt: Pull back}]
        """);
    StoryboardResult result = h.result("native");

    assertEquals(StoryboardState.COMPLETED, result.state());
    GenerationRequest clip = h.providers.requests("orbit", GenerationKind.CLIP).get(0);
    assertEquals("kling-v1.6", clip.model());
    List<GenerationRequest> extends_ = h.providers.requests("orbit", GenerationKind.EXTEND);
    assertEquals(2, extends_.size());
    // each extension names the video before it; no last frame, no start frame, no join
    AssetRef clipVideo = new AssetRef(FakeProviders.assetIdFor(clip.idempotencyKey(), "mp4"), "video/mp4");
    assertEquals(clipVideo, extends_.get(0).sourceVideo());
    assertNull(extends_.get(0).startFrame());
    assertEquals("Slow orbit", extends_.get(0).prompt());
    assertEquals(FakeProviders.assetIdFor(extends_.get(0).idempotencyKey(), "mp4"), extends_.get(1).sourceVideo().id());
    assertEquals(List.of(), h.media.joins);
    assertEquals(List.of(), h.media.lastFrameOf);

    AssemblyRequest.Shot orbit = h.media.assemblies.get(0).shots().get(0);
    assertEquals(FakeProviders.assetIdFor(extends_.get(1).idempotencyKey(), "mp4"), orbit.video().id());
    assertEquals(15, orbit.durationSeconds());
    List<Take> approved = orbit.approvedTakes().stream().filter(t -> !t.kind().equals("keyframe")).toList();
    assertEquals(List.of("clip-a1-v1", "ext1-a1-v1", "ext2-a1-v1"), approved.stream().map(Take::id).toList());
    assertEquals(extends_.get(0).sourceVideoId(), approved.get(0).outputVideoId());
    assertEquals(extends_.get(1).sourceVideoId(), approved.get(1).outputVideoId());
  }
}

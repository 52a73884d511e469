package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static io.shotflow.workflows.shot.Fixtures.review;
import static io.shotflow.workflows.shot.Fixtures.settings;
import static io.shotflow.workflows.shot.Fixtures.take;
import static io.shotflow.workflows.shot.Fixtures.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.LipSyncSpec;
import io.shotflow.spec.ReviewGate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationRequestsTest {

  private final GenerationRequests requests = new GenerationRequests(Fixtures.STORYBOARD, Fixtures.shot(),
      settings(review("required", "auto", "pause")), Fixtures.CAPABILITIES);

  @Test
  void aKeyframeIsOneTakeFromItsPromptUnderTheKeyframeGate() {
    Generation keyframe = requests.keyframe("start");

    assertEquals("keyframe:a:start", keyframe.subject());
    assertEquals(1, keyframe.variants());
    assertEquals(ReviewGate.REQUIRED, keyframe.gate());
    assertEquals("kf-start-a3", keyframe.takeId(3, 1));
    GenerationRequest request = keyframe.request("A closed box", 3, 1);
    assertEquals("sb/a/keyframe:a:start/a3/v1", request.idempotencyKey());
    assertEquals(GenerationKind.KEYFRAME, request.kind());
    assertEquals("kling", request.provider());
    assertEquals(0, request.durationSeconds());
    assertEquals("A closed box", request.prompt());
    assertNull(request.startFrame());
    assertNull(request.sourceVideo());
  }

  @Test
  void everyRequestCarriesTheStoryboardsModelFormatAndTheShotsNegativePrompt() {
    GenerationRequest request = requests.clip(image("start"), null).request("p", 1, 1);

    assertEquals(List.of("sb", "a", Fixtures.MODEL, "pro", "blurry", 1280, 720, 24, "16:9"),
        List.of(request.storyboardId(), request.shotId(), request.model(), request.tier(), request.negativePrompt(),
            request.width(), request.height(), request.fps(), request.aspectRatio()));
  }

  @Test
  void theClipStartsFromItsKeyframesInEveryVariant() {
    Generation clip = requests.clip(image("start"), image("end"));

    assertEquals("clip:a", clip.subject());
    assertEquals(2, clip.variants());
    assertEquals(ReviewGate.AUTO, clip.gate());
    assertEquals("clip-a1-v2", clip.takeId(1, 2));
    GenerationRequest second = clip.request("Camera pushes in", 1, 2);
    assertEquals("sb/a/clip:a/a1/v2", second.idempotencyKey());
    assertEquals(2, second.variant());
    assertEquals(5, second.durationSeconds());
    assertEquals(image("start"), second.startFrame());
    assertEquals(image("end"), second.endFrame());
    assertNull(second.sourceVideo());
  }

  @Test
  void anExtendStepContinuesFromTheLastFrameOfItsSource() {
    Generation extend = requests.extend(2, image("last"), video("clip"));

    assertEquals("extend:a:2", extend.subject());
    assertEquals("ext2-a1-v1", extend.takeId(1, 1));
    GenerationRequest request = extend.request("Further in", 1, 1);
    assertEquals(GenerationKind.EXTEND, request.kind());
    assertEquals("kling", request.provider());
    assertEquals(image("last"), request.startFrame());
    assertEquals(video("clip"), request.sourceVideo());
    assertNull(request.endFrame());
    assertNull(request.sourceVideoId());
  }

  @Test
  void aNativeExtendGoesToTheSourcesProviderWithItsVideoId() {
    Generation extend = requests.nativeExtend(1, take("clip-a1-v1", "fal", "vid-9"));

    assertEquals("fal", extend.provider());
    GenerationRequest request = extend.request("Further in", 2, 1);
    assertEquals("fal", request.provider());
    assertEquals("sb/a/extend:a:1/a2/v1", request.idempotencyKey());
    assertEquals(video("clip-a1-v1"), request.sourceVideo());
    assertEquals("vid-9", request.sourceVideoId());
    assertNull(request.startFrame());
  }

  @Test
  void anExtendIsNativeWhenTheProviderDeclaresOneAndNamedTheSourcesVideo() {
    StoryboardSettings v16 = new StoryboardSettings("kling", ProviderCatalog.KLING_V1_6, "pro", List.of(), "16:9",
        1280, 720, 24, review("auto", "auto", "pause"), null);
    GenerationRequests onV16 = new GenerationRequests("sb", Fixtures.shot(), v16,
        ProviderCapabilities.snapshot(List.of("kling", "fal"), ProviderCatalog.KLING_V1_6, "pro"));

    assertTrue(onV16.extendsNatively(take("clip-a1-v1", "kling", "vid-1")));
    assertFalse(onV16.extendsNatively(take("clip-a1-v1", "kling", null)), "no video id to extend");
    assertFalse(requests.extendsNatively(take("clip-a1-v1", "kling", "vid-1")), "Kling 2.1 has no native extend");
  }

  @Test
  void aLipSyncSpeaksTheLineOfTheWholeShotOnTheGivenProvider() {
    GenerationRequests spoken = new GenerationRequests("sb", Fixtures.withDialogue(Fixtures.line("Hello", "sync")),
        settings(review("auto", "auto", "pause")), Fixtures.CAPABILITIES);

    Generation lipSync = spoken.lipSync("sync", video("joined"), null, null);

    assertEquals("lip_sync:a", lipSync.subject());
    assertEquals("sync", lipSync.provider());
    assertEquals(1, lipSync.variants());
    assertEquals("lipsync-a1", lipSync.takeId(1, 1));
    assertEquals(ReviewGate.AUTO, lipSync.gate());
    GenerationRequest request = lipSync.request("Camera pushes in", 1, 1);
    assertEquals(GenerationKind.LIP_SYNC, request.kind());
    assertEquals(10, request.durationSeconds(), "the clip and its extend step");
    assertEquals(video("joined"), request.sourceVideo());
    assertEquals(new GenerationRequest.Speech("Hello", "en_AOT", "en", 1.0), request.speech());
    assertNull(request.audio());
  }

  @Test
  void aLipSyncToRecordedAudioRunsOnTheStoryboardsProviderUnlessTheShotNamesOne() {
    DialogueSpec recorded = new DialogueSpec("asset:line.wav", null, null, null, null, new LipSyncSpec(null), null);
    GenerationRequests withAudio = new GenerationRequests("sb", Fixtures.withDialogue(recorded),
        settings(review("auto", "auto", "pause")), Fixtures.CAPABILITIES);

    LipSyncPlan plan = withAudio.lipSyncPlan(true, null);
    GenerationRequest request = withAudio.lipSync(plan.provider(), video("joined"), null, null).request("p", 1, 1);

    assertTrue(plan.whole(), "10 s is within Kling's limits");
    assertEquals("kling", request.provider());
    assertEquals(AssetRef.fromUri("asset:line.wav"), request.audio());
    assertNull(request.speech());
  }

  @Test
  void aSegmentOfASplitLipSyncHasItsOwnSubjectTakesLengthAndPieceOfTheRecording() {
    DialogueSpec recorded = new DialogueSpec("asset:line.wav", null, null, null, null, new LipSyncSpec(null), null);
    GenerationRequests withAudio = new GenerationRequests("sb", Fixtures.withDialogue(recorded),
        settings(review("auto", "auto", "pause")), Fixtures.CAPABILITIES);
    AssetRef piece = new AssetRef("piece.wav", "audio/wav");

    Generation segment = withAudio.lipSyncSegment(2, "kling", video("ext1"), piece, 5,
        Fixtures.take("ext1-a1-v1", "kling", "vid-7"));
    GenerationRequest request = segment.request("p", 1, 1);

    assertEquals("lip_sync:a:2", segment.subject());
    assertEquals("lipsync2-a1", segment.takeId(1, 1));
    assertEquals(5, request.durationSeconds());
    assertEquals(piece, request.audio());
    assertEquals(video("ext1"), request.sourceVideo());
    assertEquals("vid-7", request.sourceVideoId(), "a Kling take named by Kling's own id");
    assertEquals("sb/a/lip_sync:a:2/a1/v1", request.idempotencyKey());
  }
}

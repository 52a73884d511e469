package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stand-in must take the references a clip carries and make the sound it asks for. */
class StandInReferencesTest {

  private static GenerationRequest clip(String model, List<AssetRef> references, boolean nativeAudio) {
    return new GenerationRequest("k", "sb", "a", GenerationKind.CLIP, "kling", model, "pro", "p", null, 5, 1280, 720,
        24, "16:9", new AssetRef("s.png", "image/png"), null, null, null, 1, null, null, references, nativeAudio);
  }

  @Test
  void referencesAndNativeAudioNeedAStandInThatTakesThem() {
    ProviderCapabilities catalog = ProviderCapabilities.catalog();
    List<AssetRef> refs = List.of(new AssetRef("m.png", "image/png"));
    assertTrue(catalog.canServe("fal", clip("kling-v3", refs, true)));
    assertTrue(catalog.canServe("fal", clip("kling-v2.1", List.of(), false)));
    assertFalse(catalog.canServe("fal", clip("kling-v2.1", refs, false)), "kling-v2.1 takes no references");
    assertFalse(catalog.canServe("fal", clip("kling-v2.5-turbo", List.of(), true)), "no native audio");
  }
}

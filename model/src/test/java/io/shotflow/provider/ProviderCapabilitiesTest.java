package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.temporal.common.converter.DefaultDataConverter;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderCapabilitiesTest {

  private static final ProviderCapabilities CATALOG = ProviderCapabilities.catalog();
  private static final String V21 = ProviderCatalog.KLING_V2_1;

  @Test
  void aSnapshotHoldsItsProvidersInItsModelAndTierAndTheirLipSync() {
    ProviderCapabilities snapshot =
        ProviderCapabilities.snapshot(List.of("kling", "fal", "sync", "kling"), V21, "pro");

    assertEquals(List.of(Capabilities.of("kling", V21, "pro"), Capabilities.of("fal", V21, "pro")), snapshot.video());
    assertEquals(List.of("kling", "fal", "sync"),
        snapshot.lipSync().stream().map(LipSyncCapabilities::provider).toList());
    assertTrue(snapshot.find("kling", ProviderCatalog.KLING_V1_6, "pro").isEmpty(), "another model");
    assertTrue(snapshot.find("kling", V21, "master").isEmpty(), "another tier");
    assertTrue(snapshot.find("wavespeed", V21, "pro").isEmpty(), "a provider the storyboard does not use");
    AssetRef frame = new AssetRef("a".repeat(64) + ".png", "image/png");
    GenerationRequest proClip = request(GenerationKind.CLIP, "kling", "pro", 5, frame, null, null, null);
    assertTrue(snapshot.canServe("fal", proClip));
    assertTrue(CATALOG.canServe("wavespeed", proClip));
    assertFalse(snapshot.canServe("wavespeed", proClip), "only what the snapshot declares");
  }

  @Test
  void aSnapshotSurvivesTheWorkflowPayloadConverter() {
    ProviderCapabilities snapshot =
        ProviderCapabilities.snapshot(List.of("kling", "sync"), ProviderCatalog.KLING_V1_6, "pro");
    var converter = DefaultDataConverter.STANDARD_INSTANCE;
    ProviderCapabilities back = converter.fromPayload(converter.toPayload(snapshot).orElseThrow(),
        ProviderCapabilities.class, ProviderCapabilities.class);
    assertEquals(snapshot, back);
    assertTrue(back.find("kling", ProviderCatalog.KLING_V1_6, "pro").orElseThrow().nativeExtend());
  }

  @Test
  void pricesComeFromWhatTheSnapshotDeclares() {
    assertEquals(ProviderCatalog.price(GenerationKind.CLIP, "fal", V21, "pro", 10),
        ProviderCapabilities.snapshot(List.of("fal"), V21, "pro").price(GenerationKind.CLIP, "fal", V21, "pro", 10));
    LipSyncCapabilities kling = ProviderCatalog.lipSync("kling").orElseThrow();
    LipSyncCapabilities perSecond = new LipSyncCapabilities(kling.provider(), kling.model(), kling.audioMinSeconds(),
        kling.audioMaxSeconds(), kling.audioMaxBytes(), kling.videoMinSeconds(), kling.videoMaxSeconds(),
        kling.audioFormats(), new BigDecimal("0.01"), 1, kling.fromText());
    ProviderCapabilities declared = new ProviderCapabilities(List.of(), List.of(perSecond));
    RateCard card = RateCard.defaults().forProviders(List.of("kling"));

    // the card's unit price, billed in the snapshot's units: six 1 s units, not two 5 s ones
    assertEquals(new BigDecimal("0.42"), card.price(GenerationKind.LIP_SYNC, "kling", null, null, 6, declared));
    assertEquals(new BigDecimal("0.14"), card.price(GenerationKind.LIP_SYNC, "kling", null, null, 6));
    // a price the card lacks is the snapshot's
    assertEquals(new BigDecimal("0.06"), RateCard.defaults().forProviders(List.of())
        .price(GenerationKind.LIP_SYNC, "kling", null, null, 6, declared));
  }

  @Test
  void aNativeExtendHasNoStandIn() {
    AssetRef video = new AssetRef("b".repeat(64) + ".mp4", "video/mp4");
    GenerationRequest extension = new GenerationRequest("sb/a/s/a1/v1", "sb", "a", GenerationKind.EXTEND, "kling",
        ProviderCatalog.KLING_V1_6, "pro", "p", null, 5, 1280, 720, 24, "16:9", null, null, video, null, 1, null, "vid-1");
    assertFalse(CATALOG.canServe("fal", extension));
    assertFalse(CATALOG.canServe("local", extension));
  }

  @Test
  void aStandInMustServeTheKindTierEndFrameDurationAndLipSyncLimits() {
    AssetRef frame = new AssetRef("a".repeat(64) + ".png", "image/png");
    AssetRef video = new AssetRef("b".repeat(64) + ".mp4", "video/mp4");
    AssetRef wav = new AssetRef("c".repeat(64) + ".wav", "audio/wav");
    GenerationRequest proClip = request(GenerationKind.CLIP, "kling", "pro", 10, frame, frame, null, null);
    assertTrue(CATALOG.canServe("fal", proClip));
    assertTrue(CATALOG.canServe("wavespeed", proClip));
    assertFalse(CATALOG.canServe("sync", proClip), "lip-sync only");
    GenerationRequest masterWithEnd = request(GenerationKind.CLIP, "kling", "master", 5, frame, frame, null, null);
    assertFalse(CATALOG.canServe("fal", masterWithEnd), "master takes no end frame");
    assertTrue(CATALOG.canServe("fal", request(GenerationKind.EXTEND, "kling", "master", 5, frame, null, video, null)));
    assertFalse(CATALOG.canServe("fal", request(GenerationKind.CLIP, "kling", "pro", 7, frame, null, null, null)));
    assertTrue(CATALOG.canServe("replicate", request(GenerationKind.KEYFRAME, "kling", "pro", 0, null, null, null, null)));
    assertFalse(CATALOG.canServe("sync", request(GenerationKind.KEYFRAME, "kling", "pro", 0, null, null, null, null)));

    GenerationRequest lipSync = request(GenerationKind.LIP_SYNC, "kling", "pro", 8, null, null, video, wav);
    assertTrue(CATALOG.canServe("fal", lipSync));
    assertTrue(CATALOG.canServe("sync", lipSync), "wider audio limits than Kling's");
    assertFalse(CATALOG.canServe("fal", request(GenerationKind.LIP_SYNC, "kling", "pro", 12, null, null, video, wav)),
        "Kling lip-sync takes at most 10 s of video");
    assertFalse(CATALOG.canServe("kling", request(GenerationKind.LIP_SYNC, "sync", "pro", 8, null, null, video, wav)),
        "5 MB of audio is less than the 20 MB the dialogue may have been validated against");
    AssetRef ogg = new AssetRef("d".repeat(64) + ".ogg", "audio/ogg");
    assertFalse(CATALOG.canServe("fal", request(GenerationKind.LIP_SYNC, "kling", "pro", 8, null, null, video, ogg)));
  }

  private static GenerationRequest request(GenerationKind kind, String provider, String tier, int seconds, AssetRef start,
      AssetRef end, AssetRef video, AssetRef audio) {
    return new GenerationRequest("sb/a/s/a1/v1", "sb", "a", kind, provider, ProviderCatalog.KLING_V2_1, tier, "p", null,
        seconds, 1280, 720, 24, "16:9", start, end, video, audio, 1);
  }
}

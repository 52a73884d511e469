package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelTableTest {

  /** A small valid file; each broken case below changes one thing in it. */
  private static final String VALID = """
      tiers: [standard, pro, master]
      providers:
        local: { keyframe_billing: per_image }
        kling: { keyframe_billing: per_image }
        fal:   { keyframe_billing: per_megapixel }
      image_limits:
        kling: { min_side_px: 300, max_bytes: 10485760, min_aspect: 0.4, max_aspect: 2.5, formats: [jpg, png] }
      video:
        - provider: kling
          model: kling-v2.5-turbo
          durations: [5, 10]
          prompt_chars: 2500
          image_limits: kling
          tiers:
            pro:
              endpoint: kling-v2-5-turbo
              resolution: 1080p
              end_frame: true
              price: { keyframe: 0.014, clip: { 5: 0.35, 10: 0.70 } }
              units: { clip: { 5: 2.5, 10: 5 } }
        - provider: fal
          model: kling-v3
          durations: { min: 3, max: 15, step: 1 }
          reference_images: 4
          native_audio: true
          voice_control: true
          prompt_chars: 2500
          image_limits: kling
          tiers:
            pro:
              endpoint: fal-ai/kling-video/v3/pro/image-to-video
              resolution: 1080p
              price: { keyframe: 0.025, clip: { per_second: 0.224 }, audio: { per_second: 0.336 }, voice: { per_second: 0.392 } }
      lip_sync:
        - { provider: kling, model: kling-lipsync, audio_seconds: [2, 60], audio_max_bytes: 5242880, video_seconds: [2, 10],
            audio_formats: [wav, mp3], price_per_unit: 0.07, unit_seconds: 5, from_text: true }
      """;

  private static ModelTable parse(String yaml) throws IOException {
    return ModelTable.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void aValidFileReadsIntoCapabilities() throws IOException {
    ModelTable table = parse(VALID);
    Capabilities turbo = table.video().get(0);
    assertEquals("kling-v2-5-turbo", turbo.endpoint());
    assertEquals(Set.of(5, 10), turbo.durations());
    assertEquals(new BigDecimal("0.70"), turbo.clipPrice(10));
    assertEquals(new BigDecimal("0.70"), turbo.extendPrice(10), "extend defaults to the clip's rate");
    assertEquals(0, new BigDecimal("5").compareTo(turbo.units().clip().of(10)));
    Capabilities v3 = table.video().get(1);
    assertEquals(IntStream.rangeClosed(3, 15).boxed().collect(Collectors.toSet()), v3.durations());
    assertEquals("3-15 s", v3.describeDurations());
    assertEquals(0, new BigDecimal("2.688").compareTo(v3.clipPrice(12)), "12 s at $0.224/s");
    assertEquals(0, new BigDecimal("4.032").compareTo(v3.prices().audio().of(12)));
    assertEquals(4, v3.referenceImages());
    assertTrue(v3.nativeAudio() && v3.voiceControl());
    assertNull(v3.units(), "only Kling's own API deducts units");
    assertEquals(Set.of("fal"), table.keyframesPerMegapixel());
  }

  @Test
  void theBuiltInFileIsValidAndCoversTheNewModels() {
    ModelTable table = ProviderCatalog.table();
    for (String model : new String[] {"kling-v2.5-turbo", "kling-v2.6", "kling-v3"}) {
      assertTrue(ProviderCatalog.find("kling", model, "pro").isPresent(), model);
      assertTrue(ProviderCatalog.find("fal", model, "pro").isPresent(), model);
      assertTrue(ProviderCatalog.find("local", model, "pro").isPresent(), model);
    }
    assertTrue(ProviderCatalog.find("fal", "kling-o1", "pro").isPresent());
    assertTrue(ProviderCatalog.find("kling", "kling-o1", "pro").isPresent());
    assertEquals(5, Capabilities.of("kling", "kling-v3", "pro").referenceImages(),
        "kling-v3-omni's image_list: 7 images with the start and end frame");
    assertEquals(5, Capabilities.of("kling", "kling-v3", "standard").referenceImages());
    assertFalse(Capabilities.of("kling", "kling-v3", "pro").voiceControl());
    assertTrue(ProviderCatalog.find("wavespeed", "kling-v2.5-turbo", "pro").orElseThrow().endFrame());
    assertTrue(ProviderCatalog.find("replicate", "kling-v2.5-turbo", "pro").isPresent());
    // the fal prices of Kling 3.0 pro the issue quotes: $0.224/s, $0.336/s with audio, $0.392/s with voice control
    Capabilities v3 = Capabilities.of("fal", "kling-v3", "pro");
    assertEquals(new BigDecimal("0.224"), v3.prices().clip().perSecond());
    assertEquals(new BigDecimal("0.336"), v3.prices().audio().perSecond());
    assertEquals(new BigDecimal("0.392"), v3.prices().voice().perSecond());
    assertEquals(0, v3.referenceImages() - 4);
    assertEquals(0, Capabilities.of("kling", "kling-v2.1", "pro").referenceImages());
    assertFalse(Capabilities.of("kling", "kling-v2.1", "pro").nativeAudio());
    assertTrue(Capabilities.of("fal", "kling-v2.6", "pro").nativeAudio());
    assertFalse(table.video().isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown provider      | 'provider: fal\n'            | 'provider: runway\n'           | video[1].provider: 'runway' is not under providers",
      "missing durations     | '    durations: [5, 10]\n'   | ''                              | video[0] kling kling-v2.5-turbo pro: durations: required",
      "duration not a number | 'durations: [5, 10]'         | 'durations: [5, ten]'           | video[0] kling kling-v2.5-turbo pro: durations: every duration must be a whole number",
      "empty range           | 'min: 3, max: 15'            | 'min: 16, max: 15'              | video[1] fal kling-v3 pro: durations: min 16 is above max 15",
      "price table gap       | 'clip: { 5: 0.35, 10: 0.70 }' | 'clip: { 5: 0.35 }'            | video[0] kling kling-v2.5-turbo pro: price.clip: no amount for 10 s clips",
      "negative price        | 'per_second: 0.224'          | 'per_second: -0.224'           | video[1] fal kling-v3 pro: price.clip.per_second: must be 0 or more",
      "audio price missing   | ', audio: { per_second: 0.336 }' | ''                          | video[1] fal kling-v3 pro: price.audio: required: the entry declares native_audio",
      "kling without units   | 'units: { clip: { 5: 2.5, 10: 5 } }' | 'keyframes: true'        | video[0] kling kling-v2.5-turbo pro: units: required for Kling",
      "unknown field         | 'reference_images: 4'        | 'refrence_images: 4'           | video[1] fal kling-v3: refrence_images: unknown field",
      "unknown tier          | 'pro:\n        endpoint: fal' | 'ultra:\n        endpoint: fal' | video[1] fal kling-v3: tiers.ultra: not a tier",
      "unknown image limits  | 'image_limits: kling\n    tiers:\n      pro:\n        endpoint: kling' | 'image_limits: sora\n    tiers:\n      pro:\n        endpoint: kling' | video[0] kling kling-v2.5-turbo pro: image_limits: 'sora' is not under image_limits",
      "voice without audio   | 'native_audio: true'         | 'native_audio: false'          | video[1] fal kling-v3 pro: voice_control: needs native_audio: true",
      "lip-sync bad range    | 'video_seconds: [2, 10]'     | 'video_seconds: [10, 2]'       | lip_sync[0] kling: video_seconds: must be [min, max] seconds",
      "keyframe billing      | 'per_megapixel'              | 'per_pixel'                    | providers.fal.keyframe_billing: must be per_image or per_megapixel",
  })
  void aBrokenFileIsRefusedNamingTheEntryAndField(String name, String from, String to, String message) {
    String broken = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertFalse(broken.equals(VALID), name + ": the case must change the file");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(broken), name);
    assertTrue(e.getMessage().startsWith("test.yaml: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), name + ": " + e.getMessage());
  }

  @Test
  void aDuplicateEntryAndNonYamlAreRefused() {
    String twice = VALID.replace("  - provider: fal\n", "  - provider: kling\n    model: kling-v2.5-turbo\n    durations: [5, 10]\n"
        + "    prompt_chars: 2500\n    image_limits: kling\n    tiers:\n      pro:\n        endpoint: x\n        resolution: 1080p\n"
        + "        price: { keyframe: 0, clip: { 5: 0, 10: 0 } }\n        units: { clip: { 5: 0, 10: 0 } }\n  - provider: fal\n");
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> parse(twice));
    assertTrue(dup.getMessage().contains("video[1]: kling kling-v2.5-turbo pro is declared twice"), dup.getMessage());
    IllegalArgumentException notYaml = assertThrows(IllegalArgumentException.class, () -> parse("video: [\n"));
    assertTrue(notYaml.getMessage().startsWith("test.yaml: not YAML"), notYaml.getMessage());
  }

  @Test
  void theCatalogsResourceIsWhereTheTableSaysItIs() throws IOException {
    try (InputStream in = ModelTable.class.getResourceAsStream(ModelTable.RESOURCE)) {
      assertEquals(ProviderCatalog.table(), ModelTable.parse(in, "models.yaml"));
    }
  }
}

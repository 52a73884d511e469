package io.shotflow.activities.media;

import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.activities.export.EditorFormatRules;
import io.shotflow.activities.provider.local.ClipRenderer;
import io.shotflow.activities.provider.local.LipSyncRenderer;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;
import io.shotflow.audit.AuditTrail;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.Take;
import io.shotflow.spec.ReviewPolicy;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The output folder an editor gets: per-shot files, alternates and dialogue, and timelines that conform from them,
 * each read by {@link EditorFormatRules}; and the manifest's audit trail, automatic decisions included.
 */
class EditorHandoffTest {

  private static final int FPS = 24;

  @TempDir static Path dir;

  private static FileAssetStore store;
  private static AssemblyResult result;
  private static Path folder;

  @BeforeAll
  static void assemble() throws Exception {
    store = new FileAssetStore(dir.resolve("assets"));
    Path blue = dir.resolve("blue.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(320, 180, Color.BLUE, Color.CYAN),
        picture(320, 180, Color.RED, Color.ORANGE), 320, 180, 24, 60, 1L, 1L, "one · CLIP v1"), blue, n -> {});
    AssetRef blueClip = store.put(blue, "video/mp4");
    Path green = dir.resolve("green.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(320, 180, Color.GREEN, Color.YELLOW), null,
        320, 180, 30, 45, 2L, 2L, "one · CLIP v2"), green, n -> {});
    AssetRef greenClip = store.put(green, "video/mp4");
    Path square = dir.resolve("square.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(240, 240, Color.MAGENTA, Color.YELLOW), null,
        240, 240, 25, 50, 3L, 3L, "two · CLIP v1"), square, n -> {});
    Path talking = dir.resolve("talking.mp4");
    new LipSyncRenderer().render(square, TestMedia.wav(dir.resolve("line.wav"), 2.0, 44_100, 1), talking, n -> {});
    AssetRef talkingClip = store.put(talking, "video/mp4");

    Take chosen = new Take("clip-a1-v1", "clip:one", "clip", blueClip, "fal", "job-1", new BigDecimal("0.49"),
        "Camera pushes in", true, 1, "kling→fal");
    Take other = new Take("clip-a1-v2", "clip:one", "clip", greenClip, "kling", "job-2", new BigDecimal("0.49"),
        "Camera pushes in", false, 1, "kling");
    Take twoClip = new Take("clip-a1-v1", "clip:two", "clip", talkingClip, "local", "job-3", BigDecimal.ZERO,
        "Push into the dial", true, 1, "local");
    ReviewDecision reject = new ReviewDecision("keyframe:one:start", null, Verdict.REJECT, "too dark", "brighter",
        "ben", "2026-01-02T03:04:05Z");
    ReviewDecision approve = new ReviewDecision("clip:one", "clip-a1-v1", Verdict.APPROVE, "nice", null, "ben",
        "2026-01-02T03:05:05Z");
    ReviewDecision cli = new ReviewDecision("keyframe:one:start", "kf-a2-v1", Verdict.APPROVE,
        AuditTrail.CLI_AUTO_APPROVE_NOTE, null, "reviewer", "2026-01-02T03:06:05Z", ReviewDecision.CLI_AUTO_APPROVE);
    ReviewDecision deadline = new ReviewDecision("keyframe:two:start", "kf-a1-v1", Verdict.APPROVE,
        "review deadline passed (on_deadline: auto_approve)", null, "deadline", "2026-01-03T03:06:05Z",
        ReviewDecision.ON_DEADLINE_AUTO_APPROVE);
    Take kfOne = new Take("kf-a2-v1", "keyframe:one:start", "keyframe", null, "local", "job-0", BigDecimal.ZERO,
        "a box", true, 2, "local");
    Take kfTwo = new Take("kf-a1-v1", "keyframe:two:start", "keyframe", null, "local", "job-4", BigDecimal.ZERO,
        "a dial", true, 1, "local");
    ReviewPolicy policy = new ReviewPolicy("required", "auto", "auto", null, null);
    AssemblyRequest request = new AssemblyRequest("sb-1", "Watch reveal", new VideoFormat(320, 180, FPS), List.of(
        new AssemblyRequest.Shot("one", "Camera pushes in", blueClip, 2, List.of(chosen),
            List.of(reject, cli, approve), List.of(kfOne, chosen, other), false),
        new AssemblyRequest.Shot("two", "Push into the dial", talkingClip, 1, List.of(twoClip), List.of(deadline),
            List.of(kfTwo, twoClip), true, "kling-v2.5-turbo")),
        new BigDecimal("25.00"), new BigDecimal("0.98"), null, "kling-v2.1", "pro", policy);

    result = new MediaActivitiesImpl(store).assemble(request);

    // the output folder as ./shotflow run writes it
    folder = dir.resolve("out");
    Files.createDirectories(folder);
    for (Map.Entry<String, AssetRef> file : result.media().entrySet()) {
      Path target = folder.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.copy(store.path(file.getValue().id()), target);
    }
    Files.copy(store.path(result.finalCut().id()), folder.resolve("final.mp4"));
    Files.copy(store.path(result.timelineOtio().id()), folder.resolve("timeline.otio"));
    Files.copy(store.path(result.cutEdl().id()), folder.resolve("cut.edl"));
    Files.copy(store.path(result.cutFcpxml().id()), folder.resolve("cut.fcpxml"));
    Files.copy(store.path(result.manifest().id()), folder.resolve("manifest.json"));
  }

  @Test
  void perShotFilesAreInTheFormat() throws Exception {
    assertEquals(List.of("audio/two.wav", "shots/one.mp4", "shots/two.mp4", "takes/one/clip-a1-v2.mp4"),
        result.media().keySet().stream().sorted().toList());
    MediaProbe.Info one = MediaProbe.probe(folder.resolve("shots/one.mp4"));
    assertEquals(320, one.width());
    assertEquals(180, one.height());
    assertEquals(FPS, one.fps(), 1e-9);
    assertEquals(60, one.frames(), "the approved video at its own length: 12 frames of handle past the cut's 48");
    assertTrue(one.hasAudio());
    MediaProbe.Info two = MediaProbe.probe(folder.resolve("shots/two.mp4"));
    assertEquals(320, two.width(), "the square clip is conformed to the storyboard's frame");
    assertEquals(48, two.frames(), "2 s of the 25 fps clip at 24 fps");
    MediaProbe.Info alternate = MediaProbe.probe(folder.resolve("takes/one/clip-a1-v2.mp4"));
    assertEquals(FPS, alternate.fps(), 1e-9, "the 30 fps alternate at the storyboard's rate");
    assertEquals(36, alternate.frames());

    try (AudioInputStream wav = AudioSystem.getAudioInputStream(folder.resolve("audio/two.wav").toFile())) {
      AudioFormat format = wav.getFormat();
      assertEquals(48_000f, format.getSampleRate());
      assertEquals(2, format.getChannels());
      assertEquals(16, format.getSampleSizeInBits());
      assertEquals(48_000, wav.getFrameLength(), "the shot's second of dialogue");
      byte[] pcm = wav.readAllBytes();
      int peak = 0;
      for (int i = 0; i + 1 < pcm.length; i += 2) {
        peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8))));
      }
      assertTrue(peak > 1000, "the dialogue is audible, peak " + peak);
    }
  }

  @Test
  void otioConformsFromThePerShotFiles() throws Exception {
    Map<String, List<EditorFormatRules.OtioClip>> tracks =
        EditorFormatRules.otio(folder.resolve("timeline.otio"), folder, FPS);
    assertEquals(List.of("V1", "V2", "A1"), new ArrayList<>(tracks.keySet()));
    List<EditorFormatRules.OtioClip> v1 = tracks.get("V1");
    assertEquals(List.of(folder.resolve("shots/one.mp4"), folder.resolve("shots/two.mp4")),
        v1.stream().map(EditorFormatRules.OtioClip::file).toList());
    assertEquals(72, v1.stream().mapToLong(EditorFormatRules.OtioClip::frames).sum(), "V1 adds up to the cut");
    assertTrue(v1.stream().allMatch(EditorFormatRules.OtioClip::enabled));
    JsonNode meta = v1.get(0).metadata().get("shotflow");
    assertEquals("one", meta.get("shot").asText());
    assertEquals("clip-a1-v1", meta.get("take").asText());
    assertEquals("fal", meta.get("provider").asText(), "fal made it after kling failed over");
    assertEquals("kling-v2.1", meta.get("model").asText());
    assertEquals("pro", meta.get("tier").asText());
    assertEquals("job-1", meta.get("provider_job_id").asText());
    assertEquals(0.49, meta.get("cost_usd").asDouble(), 1e-9);
    assertEquals("ben", meta.get("approver").asText());
    assertEquals("kling-v2.5-turbo", v1.get(1).metadata().get("shotflow").get("model").asText(), "shot two's own model");
    assertEquals("auto", v1.get(1).metadata().get("shotflow").get("approver").asText(),
        "shot two's clip passed review: auto (clips)");
    assertEquals(3, v1.get(0).markers(), "review notes of shot one: the reject, the CLI approval, the approval");

    List<EditorFormatRules.OtioClip> v2 = tracks.get("V2");
    assertEquals(folder.resolve("takes/one/clip-a1-v2.mp4"), v2.get(0).file());
    assertFalse(v2.get(0).enabled(), "alternates are disabled");
    assertEquals(72, v2.stream().mapToLong(EditorFormatRules.OtioClip::frames).sum(), "gaps keep V2 in sync");
    List<EditorFormatRules.OtioClip> a1 = tracks.get("A1");
    assertEquals(null, a1.get(0).file(), "shot one has no dialogue: a gap");
    assertEquals(folder.resolve("audio/two.wav"), a1.get(1).file());
    assertEquals(24, a1.get(1).frames());
  }

  @Test
  void edlHasOneReelPerSourceAndSpansTheCut() throws Exception {
    List<EditorFormatRules.EdlEvent> events = EditorFormatRules.edl(folder.resolve("cut.edl"), folder, FPS);
    List<EditorFormatRules.EdlEvent> video = events.stream().filter(e -> e.channel().equals("V")).toList();
    assertEquals(2, video.size());
    assertEquals(0, video.get(0).recordIn());
    assertEquals(video.get(0).recordOut(), video.get(1).recordIn(), "events follow each other");
    assertEquals(72, video.get(1).recordOut(), "the record range equals the cut");
    assertEquals(folder.resolve("shots/one.mp4"), video.get(0).file());
    assertEquals(folder.resolve("shots/two.mp4"), video.get(1).file());
    assertEquals(3, events.stream().map(EditorFormatRules.EdlEvent::reel).distinct().count(), "one reel per source");
    EditorFormatRules.EdlEvent dialogue = events.stream().filter(e -> e.channel().equals("A")).findFirst().orElseThrow();
    assertEquals(folder.resolve("audio/two.wav"), dialogue.file());
    assertEquals(48, dialogue.recordIn());
  }

  @Test
  void fcpxmlHasOneAssetPerSourceAndRationalTimes() throws Exception {
    List<EditorFormatRules.FcpClip> clips = EditorFormatRules.fcpxml(folder.resolve("cut.fcpxml"), folder, FPS);
    List<EditorFormatRules.FcpClip> spine = clips.stream().filter(c -> c.lane() == 0).toList();
    assertEquals(List.of(folder.resolve("shots/one.mp4"), folder.resolve("shots/two.mp4")),
        spine.stream().map(EditorFormatRules.FcpClip::file).toList());
    assertEquals(72, spine.stream().mapToLong(EditorFormatRules.FcpClip::duration).sum());
    EditorFormatRules.FcpClip alternate = clips.stream().filter(c -> c.lane() == 1).findFirst().orElseThrow();
    assertEquals(folder.resolve("takes/one/clip-a1-v2.mp4"), alternate.file());
    assertFalse(alternate.enabled());
    EditorFormatRules.FcpClip dialogue = clips.stream().filter(c -> c.lane() == -1).findFirst().orElseThrow();
    assertEquals(folder.resolve("audio/two.wav"), dialogue.file());
    assertEquals(48, dialogue.offset());
    Element first = spine.get(0).element();
    assertEquals(3, first.getElementsByTagName("marker").getLength());
    assertEquals(4, clips.stream().map(EditorFormatRules.FcpClip::file).distinct().count());
  }

  @Test
  void manifestListsEveryDecisionWithWhoOrWhatMadeIt() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile());
    JsonNode decisions = manifest.get("audit").get("decisions");
    List<String> made = new ArrayList<>();
    for (JsonNode d : decisions) {
      made.add(d.get("subject").asText() + " " + d.get("verdict").asText() + " " + d.get("reviewer").asText() + " "
          + d.get("policy").asText(""));
    }
    assertEquals(List.of(
        "keyframe:one:start reject ben ",
        "keyframe:one:start approve auto --auto-approve",
        "clip:one approve ben ",
        "keyframe:two:start approve auto review.on_deadline: auto_approve",
        "clip:two approve auto review.clips: auto"), made);
    assertEquals("reviewer", decisions.get(1).get("actor").asText(), "the token the CLI approved with");
    JsonNode spend = manifest.get("audit").get("spend");
    assertEquals(5, spend.size(), "every take, chosen or not");
    assertEquals(0.98, manifest.get("audit").get("spend_usd").asDouble(), 1e-9);
    JsonNode failovers = manifest.get("audit").get("failovers");
    assertEquals(1, failovers.size());
    assertEquals("kling", failovers.get(0).get("route").get(0).asText());
    assertEquals("fal", failovers.get(0).get("route").get(1).asText());
    assertEquals("shots/one.mp4", manifest.get("shots").get(0).get("file").asText());
    assertEquals("kling-v2.1", manifest.get("shots").get(0).get("model").asText(), "the storyboard's model");
    assertEquals("kling-v2.5-turbo", manifest.get("shots").get(1).get("model").asText(), "shot two's own");
    assertEquals("takes/one/clip-a1-v2.mp4", manifest.get("shots").get(0).get("alternates").get(0).get("file").asText());
    assertEquals("audio/two.wav", manifest.get("shots").get(1).get("dialogue_file").asText());
    assertTrue(manifest.get("files").has("shots/two.mp4"));
  }
}

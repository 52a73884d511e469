package io.shotflow.activities.media;

import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.activities.provider.local.ClipRenderer;
import io.shotflow.activities.provider.local.LipSyncRenderer;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.Take;
import io.shotflow.testing.TestMedia;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.activity.MediaActivities;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;

class MediaActivitiesImplTest {

  @TempDir Path dir;

  private FileAssetStore store;
  private MediaActivitiesImpl media;
  private AssetRef blueClip;
  private AssetRef talkingClip;

  @BeforeEach
  void clips() throws Exception {
    store = new FileAssetStore(dir.resolve("assets"));
    media = new MediaActivitiesImpl(store);
    Path blue = dir.resolve("blue.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(320, 180, Color.BLUE, Color.CYAN),
        picture(320, 180, Color.RED, Color.ORANGE), 320, 180, 24, 48, 1L, 1L, "one · CLIP v1"), blue, n -> {});
    blueClip = store.put(blue, "video/mp4");
    // a square 25 fps clip with dialogue: a different size, rate and an audio track, as another provider might return
    Path square = dir.resolve("square.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(240, 240, Color.GREEN, Color.YELLOW), null,
        240, 240, 25, 50, 2L, 2L, "two · CLIP v1"), square, n -> {});
    Path talking = dir.resolve("talking.mp4");
    new LipSyncRenderer().render(square, TestMedia.wav(dir.resolve("line.wav"), 2.0, 44_100, 1), talking, n -> {});
    talkingClip = store.put(talking, "video/mp4");
  }

  @Test
  void extractsTheLastFrameAsPng() throws Exception {
    AssetRef png = media.extractLastFrame(blueClip);

    assertEquals("image/png", png.contentType());
    assertTrue(png.id().endsWith(".png"));
    BufferedImage extracted = ImageIO.read(store.path(png.id()).toFile());
    List<BufferedImage> frames = TestMedia.frames(store.path(blueClip.id()));
    assertTrue(TestMedia.meanDifference(extracted, frames.get(frames.size() - 1)) < 1.0, "the very last frame");
    assertTrue(TestMedia.meanDifference(extracted, frames.get(0)) > 20, "not the first one");
  }

  @Test
  void joinsClipsOfDifferentSizesAndRatesIntoTheFormat() throws Exception {
    AssetRef joined = media.joinClips(new MediaActivities.JoinRequest(List.of(blueClip, talkingClip),
        new VideoFormat(320, 180, 24)));

    MediaProbe.Info info = MediaProbe.probe(store.path(joined.id()));
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(24.0, info.fps(), 1e-9);
    assertEquals(96, info.frames());
    assertEquals(4.0, info.durationSeconds(), 1e-9);
    assertTrue(info.hasAudio(), "one input has dialogue, so the join keeps audio");
    assertEquals(4.0, info.audioDurationSeconds(), 0.06);
  }

  @Test
  void joinWithoutAudioStaysSilent() throws Exception {
    AssetRef joined = media.joinClips(new MediaActivities.JoinRequest(List.of(blueClip, blueClip),
        new VideoFormat(320, 180, 24)));

    MediaProbe.Info info = MediaProbe.probe(store.path(joined.id()));
    assertEquals(96, info.frames());
    assertFalse(info.hasAudio());
  }

  @Test
  void assemblesTheFinalCutAndExports() throws Exception {
    Take take = new Take("clip-a1-v1", "clip:one", "clip", blueClip, "local", "job-1", new BigDecimal("0.00"),
        "Camera pushes in", true, 1);
    ReviewDecision decision = new ReviewDecision("clip:one", "clip-a1-v1", Verdict.APPROVE, "nice", null, "ben",
        "2026-01-02T03:04:05Z");
    AssemblyRequest request = new AssemblyRequest("sb-1", "Watch reveal", new VideoFormat(320, 180, 24), List.of(
        new AssemblyRequest.Shot("one", "Camera pushes in", blueClip, 2, List.of(take), List.of(decision)),
        new AssemblyRequest.Shot("two", "Push into the dial", talkingClip, 1, List.of(), List.of())),
        new BigDecimal("25.00"), new BigDecimal("1.50"), null);

    AssemblyResult result = media.assemble(request);

    assertEquals(3.0, result.durationSeconds(), 1e-9);
    MediaProbe.Info info = MediaProbe.probe(store.path(result.finalCut().id()));
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(24.0, info.fps(), 1e-9);
    assertEquals(72, info.frames());
    assertEquals(3.0, info.durationSeconds(), 1e-9);
    assertTrue(info.hasAudio(), "audio is always present");
    assertEquals(3.0, info.audioDurationSeconds(), 0.06);

    List<BufferedImage> frames = TestMedia.frames(store.path(result.finalCut().id()));
    BufferedImage secondShot = frames.get(60);
    assertTrue(TestMedia.meanDifference(secondShot.getSubimage(0, 0, 30, 180), blackImage(30, 180)) < 6,
        "the square clip is pillarboxed with black bars");

    assertOtio(store.path(result.timelineOtio().id()));
    assertEdl(store.path(result.cutEdl().id()));
    assertFcpxml(store.path(result.cutFcpxml().id()));

    BufferedImage sheet = ImageIO.read(store.path(result.contactSheet().id()).toFile());
    assertTrue(sheet.getWidth() > 2 * 384 && sheet.getHeight() > 216);

    JsonNode manifest = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .readTree(store.path(result.manifest().id()).toFile());
    assertEquals("sb-1", manifest.get("storyboard_id").asText());
    assertEquals("Watch reveal", manifest.get("title").asText());
    assertEquals(24, manifest.get("format").get("fps").asInt());
    assertEquals(0, new BigDecimal("25.00").compareTo(manifest.get("budget_usd").decimalValue()));
    assertEquals(0, new BigDecimal("1.50").compareTo(manifest.get("spend_usd").decimalValue()));
    JsonNode one = manifest.get("shots").get(0);
    assertEquals("Camera pushes in", one.get("prompt").asText());
    assertEquals(2, one.get("duration_seconds").asInt());
    assertEquals("clip-a1-v1", one.get("approved_takes").get(0).get("id").asText());
    assertEquals("local", one.get("approved_takes").get(0).get("provider").asText());
    assertEquals(blueClip.uri(), one.get("approved_takes").get(0).get("asset").asText());
    assertEquals("approve", one.get("decisions").get(0).get("verdict").asText());
    assertEquals("ben", one.get("decisions").get(0).get("reviewer").asText());
    assertEquals(48, manifest.get("shots").get(1).get("start_frame").asInt());
    assertEquals(result.finalCut().uri(), manifest.get("outputs").get("final_cut").asText());
    assertEquals(result.cutFcpxml().uri(), manifest.get("outputs").get("cut_fcpxml").asText());
  }

  @Test
  void unknownAssetsFailForGood() {
    AssetRef missing = new AssetRef("0".repeat(64) + ".mp4", "video/mp4");
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> media.extractLastFrame(missing));
    assertEquals(MediaActivitiesImpl.INVALID_MEDIA, failure.getType());
    assertTrue(failure.isNonRetryable());

    ApplicationFailure badFormat = assertThrows(ApplicationFailure.class, () ->
        media.joinClips(new MediaActivities.JoinRequest(List.of(blueClip), new VideoFormat(321, 180, 24))));
    assertTrue(badFormat.getOriginalMessage().contains("format"));
  }

  private static void assertOtio(Path otio) throws Exception {
    JsonNode timeline = new ObjectMapper().readTree(otio.toFile());
    assertEquals("Timeline.1", timeline.get("OTIO_SCHEMA").asText());
    JsonNode tracks = timeline.get("tracks");
    assertEquals("Stack.1", tracks.get("OTIO_SCHEMA").asText());
    assertEquals(1, tracks.get("children").size(), "no alternates and no dialogue: V1 alone");
    JsonNode video = tracks.get("children").get(0);
    assertEquals("Video", video.get("kind").asText());
    double frames = 0;
    for (JsonNode clip : video.get("children")) {
      assertEquals("Clip.1", clip.get("OTIO_SCHEMA").asText());
      assertEquals("shots/" + clip.get("name").asText() + ".mp4", clip.get("media_reference").get("target_url").asText());
      JsonNode range = clip.get("source_range");
      assertEquals(24.0, range.get("duration").get("rate").asDouble());
      assertEquals(0, range.get("start_time").get("value").asLong(), "each clip starts its own file");
      frames += range.get("duration").get("value").asDouble();
    }
    assertEquals(72.0, frames, "the clips add up to the cut");
  }

  private static void assertEdl(Path edl) throws Exception {
    List<String> lines = Files.readAllLines(edl, StandardCharsets.US_ASCII);
    assertEquals("TITLE: Watch reveal", lines.get(0));
    assertEquals("FCM: NON-DROP FRAME", lines.get(1));
    List<String> events = lines.stream().filter(l -> l.matches("^\\d{3}  .*")).toList();
    assertEquals(2, events.size());
    assertEquals("001  V0001    V     C        00:00:00:00 00:00:02:00 00:00:00:00 00:00:02:00", events.get(0));
    assertEquals("002  V0002    V     C        00:00:00:00 00:00:01:00 00:00:02:00 00:00:03:00", events.get(1));
    assertTrue(lines.contains("* FROM CLIP NAME: shots/one.mp4"));
    assertTrue(lines.contains("* SHOT: two"));
  }

  private static void assertFcpxml(Path fcpxml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    Document doc = factory.newDocumentBuilder().parse(fcpxml.toFile());
    Element root = doc.getDocumentElement();
    assertEquals("fcpxml", root.getTagName());
    assertEquals("1.10", root.getAttribute("version"));
    Element format = (Element) doc.getElementsByTagName("format").item(0);
    assertEquals("1/24s", format.getAttribute("frameDuration"));
    assertEquals("320", format.getAttribute("width"));
    Element asset = (Element) doc.getElementsByTagName("asset").item(0);
    assertEquals("48/24s", asset.getAttribute("duration"));
    assertEquals("1", asset.getAttribute("hasAudio"));
    assertEquals("shots/one.mp4", ((Element) asset.getElementsByTagName("media-rep").item(0)).getAttribute("src"));
    NodeList clips = doc.getElementsByTagName("asset-clip");
    assertEquals(2, clips.getLength());
    Pattern rational = Pattern.compile("^(0|\\d+/24)s$");
    for (int i = 0; i < clips.getLength(); i++) {
      Element clip = (Element) clips.item(i);
      for (String attribute : List.of("offset", "start", "duration")) {
        String value = clip.getAttribute(attribute);
        assertTrue(rational.matcher(value).matches(), attribute + "=" + value);
      }
    }
    assertEquals("48/24s", ((Element) clips.item(1)).getAttribute("offset"));
    assertEquals("24/24s", ((Element) clips.item(1)).getAttribute("duration"));
  }

  private static BufferedImage blackImage(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
  }
}

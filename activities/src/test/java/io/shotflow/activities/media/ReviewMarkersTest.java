package io.shotflow.activities.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.activities.export.Cut;
import io.shotflow.activities.export.EdlExport;
import io.shotflow.activities.export.FcpxmlExport;
import io.shotflow.activities.export.OtioExport;
import io.shotflow.media.AssetRef;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.AssemblyRequest;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** A review note sits where what it is about starts: an extend step's note at that step's offset within the shot. */
class ReviewMarkersTest {

  private static final int FPS = 24;

  private static Take approved(String id, String kind) {
    return new Take(id, kind + ":s", kind, new AssetRef(id + ".mp4", "video/mp4"), "kling", "job", BigDecimal.ONE,
        "p", true, 1, "kling");
  }

  /** A 15 s shot: a 5 s clip and two 5 s extend steps. */
  private static final AssemblyRequest.Shot SHOT = new AssemblyRequest.Shot("s", "p",
      new AssetRef("s.mp4", "video/mp4"), 15,
      List.of(approved("clip-a1-v1", "clip"), approved("ext1-a1-v1", "extend"), approved("ext2-a1-v1", "extend")),
      List.of());

  @Test
  void anExtendStepsNoteSitsAtThatStepsOffsetWithinTheShot() {
    assertEquals(0, CutPlan.offsetFrames(SHOT, "clip:s", FPS));
    assertEquals(0, CutPlan.offsetFrames(SHOT, "keyframe:s:start", FPS));
    assertEquals(5 * FPS, CutPlan.offsetFrames(SHOT, "extend:s:1", FPS));
    assertEquals(10 * FPS, CutPlan.offsetFrames(SHOT, "extend:s:2", FPS));
    assertEquals(0, CutPlan.offsetFrames(SHOT, "extend:s:x", FPS), "a malformed subject stays at the first frame");
  }

  @Test
  void theExportsPlaceTheMarkerAtItsFrameWithinTheShotsClip() throws Exception {
    long at = CutPlan.offsetFrames(SHOT, "extend:s:2", FPS);
    Cut.Shot first = new Cut.Shot("a", "p", 0, 48, new Cut.Source("a", "shots/a.mp4", 48, true, Map.of()),
        List.of(), null, List.of());
    Cut.Shot shot = new Cut.Shot("s", "p", 48, 360, new Cut.Source("s", "shots/s.mp4", 360, true, Map.of()),
        List.of(), null, List.of(new Cut.Marker(at, "reject extend:s:2 ext2-a1-v1 by ben", "too fast")));
    Cut cut = new Cut("t", "final.mp4", 320, 180, FPS, true, List.of(first, shot));

    JsonNode otio = new ObjectMapper().readTree(OtioExport.write(cut));
    JsonNode clip = otio.at("/tracks/children/0/children/1");
    assertEquals("s", clip.path("name").asText());
    JsonNode marker = clip.path("markers").get(0);
    assertEquals(240.0, marker.at("/marked_range/start_time/value").asDouble(), "10 s into the shot's clip");
    assertEquals(24.0, marker.at("/marked_range/start_time/rate").asDouble());

    Element fcpMarker = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(FcpxmlExport.write(cut))).getElementsByTagName("marker").item(0);
    assertEquals("240/24s", fcpMarker.getAttribute("start"));

    String edl = new String(EdlExport.write(cut), StandardCharsets.US_ASCII);
    // record time: the shot starts 2 s into the cut, the step 10 s into the shot
    assertTrue(edl.contains("* LOC: 00:00:12:00 RED     reject extend:s:2 ext2-a1-v1 by ben: too fast\r\n"), edl);
  }
}

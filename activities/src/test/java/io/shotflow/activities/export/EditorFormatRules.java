package io.shotflow.activities.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks of the editor files against the formats' published rules, as an editor's importer reads them. No reader of
 * OTIO, CMX3600 or FCPXML could be had here (none on the npm registry or Maven Central as served, none in Debian's
 * packages; FCPXML's DTD ships only inside Final Cut Pro), so these follow the documents: the OpenTimelineIO schema
 * reference (each object's {@code OTIO_SCHEMA} and required fields, a track's items laid end to end), the CMX3600
 * event line (event number, reel of at most eight characters, channel, transition, four SMPTE timecodes) and the
 * FCPXML 1.10 DTD's rules for what is checked here (time values rational, asset ids unique and referenced,
 * {@code asset-clip}'s children in the order of its content model: note, anchored items, markers, metadata).
 * Each check returns what the editor would see, for the test to compare with what it expects.
 */
public final class EditorFormatRules {

  private EditorFormatRules() {}

  /** A clip of an OTIO track: the file it reads, its length in frames, whether it is enabled. */
  public record OtioClip(String track, String name, Path file, long frames, boolean enabled, JsonNode metadata,
      int markers) {}

  private static final Set<String> ITEM_FIELDS = Set.of("OTIO_SCHEMA", "name", "metadata", "source_range", "effects",
      "markers", "enabled");

  /** Reads {@code otio} as OTIO JSON; every clip's media must exist under {@code folder}. Clips and gaps by track. */
  public static Map<String, List<OtioClip>> otio(Path otio, Path folder, int fps) throws Exception {
    JsonNode timeline = new ObjectMapper().readTree(otio.toFile());
    assertEquals("Timeline.1", timeline.get("OTIO_SCHEMA").asText());
    rationalTime(timeline.get("global_start_time"), fps);
    JsonNode stack = timeline.get("tracks");
    assertEquals("Stack.1", stack.get("OTIO_SCHEMA").asText());
    Map<String, List<OtioClip>> tracks = new java.util.LinkedHashMap<>();
    for (JsonNode track : stack.get("children")) {
      assertEquals("Track.1", track.get("OTIO_SCHEMA").asText());
      fields(track);
      String kind = track.get("kind").asText();
      assertTrue(kind.equals("Video") || kind.equals("Audio"), "track kind " + kind);
      List<OtioClip> clips = new ArrayList<>();
      for (JsonNode item : track.get("children")) {
        fields(item);
        String schema = item.get("OTIO_SCHEMA").asText();
        long frames = timeRange(item.get("source_range"), fps)[1];
        if (schema.equals("Gap.1")) {
          clips.add(new OtioClip(track.get("name").asText(), null, null, frames, true, null, 0));
          continue;
        }
        assertEquals("Clip.1", schema);
        JsonNode ref = item.get("media_reference");
        assertEquals("ExternalReference.1", ref.get("OTIO_SCHEMA").asText());
        String url = ref.get("target_url").asText();
        Path file = url.startsWith("file:") ? Path.of(java.net.URI.create(url)) : folder.resolve(url);
        assertTrue(Files.isRegularFile(file), "clip " + item.get("name") + " reads a missing file " + url);
        long[] available = timeRange(ref.get("available_range"), fps);
        long[] source = timeRange(item.get("source_range"), fps);
        assertTrue(source[0] >= available[0] && source[0] + source[1] <= available[0] + available[1],
            "clip " + item.get("name") + " reads past its media");
        for (JsonNode marker : item.get("markers")) {
          assertEquals("Marker.1", marker.get("OTIO_SCHEMA").asText());
          timeRange(marker.get("marked_range"), fps);
        }
        clips.add(new OtioClip(track.get("name").asText(), item.get("name").asText(), file, frames,
            item.get("enabled").asBoolean(), item.get("metadata"), item.get("markers").size()));
      }
      tracks.put(track.get("name").asText(), clips);
    }
    return tracks;
  }

  private static void fields(JsonNode item) {
    for (String field : ITEM_FIELDS) {
      assertTrue(item.has(field), item.get("OTIO_SCHEMA") + " lacks " + field);
    }
  }

  private static long[] timeRange(JsonNode range, int fps) {
    assertNotNull(range, "a time range is missing");
    assertEquals("TimeRange.1", range.get("OTIO_SCHEMA").asText());
    return new long[] {rationalTime(range.get("start_time"), fps), rationalTime(range.get("duration"), fps)};
  }

  private static long rationalTime(JsonNode time, int fps) {
    assertEquals("RationalTime.1", time.get("OTIO_SCHEMA").asText());
    assertEquals(fps, time.get("rate").asDouble(), 0.0, "rate");
    double value = time.get("value").asDouble();
    assertEquals(Math.rint(value), value, 0.0, "whole frames");
    return (long) value;
  }

  /** An EDL event: its reel, channel, the file the reel maps to and its source and record ranges in frames. */
  public record EdlEvent(int number, String reel, String channel, Path file, long sourceIn, long sourceOut,
      long recordIn, long recordOut) {}

  private static final Pattern EVENT = Pattern.compile(
      "^(\\d{3})  (\\S{1,8}) +(V|A|A2|AA|B|AA/V) +C {8}((?:\\d{2}:){3}\\d{2}) ((?:\\d{2}:){3}\\d{2}) "
          + "((?:\\d{2}:){3}\\d{2}) ((?:\\d{2}:){3}\\d{2})$");

  /** Reads {@code edl} as CMX3600; each reel must map, through its FROM CLIP NAME comment, to a file under folder. */
  public static List<EdlEvent> edl(Path edl, Path folder, int fps) throws Exception {
    List<String> lines = Files.readAllLines(edl, StandardCharsets.US_ASCII);
    assertTrue(lines.get(0).startsWith("TITLE: "), "first line is the title");
    assertEquals("FCM: NON-DROP FRAME", lines.get(1));
    List<EdlEvent> events = new ArrayList<>();
    Map<String, Path> reels = new HashMap<>();
    Matcher last = null;
    for (String line : lines.subList(2, lines.size())) {
      Matcher m = EVENT.matcher(line);
      if (m.matches()) {
        if (last != null) {
          throw new AssertionError("event " + last.group(1) + " names no file");
        }
        last = m;
      } else if (line.startsWith("* FROM CLIP NAME: ") && last != null) {
        Path file = folder.resolve(line.substring("* FROM CLIP NAME: ".length()));
        assertTrue(Files.isRegularFile(file), "reel " + last.group(2) + " maps to a missing file " + file);
        Path before = reels.putIfAbsent(last.group(2), file);
        assertTrue(before == null || before.equals(file), "reel " + last.group(2) + " maps to two files");
        events.add(new EdlEvent(Integer.parseInt(last.group(1)), last.group(2), last.group(3), file,
            frames(last.group(4), fps), frames(last.group(5), fps), frames(last.group(6), fps),
            frames(last.group(7), fps)));
        last = null;
      } else if (!line.isEmpty()) {
        assertTrue(line.startsWith("*"), "not an event nor a comment: " + line);
      }
    }
    assertEquals(null, last, "the last event names no file");
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).number(), "events are numbered in order");
      assertEquals(events.get(i).sourceOut() - events.get(i).sourceIn(),
          events.get(i).recordOut() - events.get(i).recordIn(), "source and record ranges have one length");
    }
    return events;
  }

  private static long frames(String timecode, int fps) {
    String[] p = timecode.split(":");
    int ff = Integer.parseInt(p[3]);
    assertTrue(ff < fps, "frame field below the rate: " + timecode);
    return ((Long.parseLong(p[0]) * 60 + Long.parseLong(p[1])) * 60 + Long.parseLong(p[2])) * fps + ff;
  }

  /** An FCPXML clip: the asset's file, its lane (0: the spine) and offset, start and duration in frames. */
  public record FcpClip(String name, Path file, int lane, long offset, long duration, boolean enabled, Element element) {}

  private static final Pattern RATIONAL = Pattern.compile("^(0|(\\d+)/(\\d+)|(\\d+))s$");
  private static final Set<String> TIME_ATTRIBUTES = Set.of("offset", "start", "duration", "frameDuration", "tcStart");
  private static final List<String> ASSET_CLIP_ORDER = List.of("note", "asset-clip", "marker", "metadata");

  /** Reads {@code fcpxml}: rational times only, every asset's file under {@code folder}; the clips in document order. */
  public static List<FcpClip> fcpxml(Path fcpxml, Path folder, int fps) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    Document doc = factory.newDocumentBuilder().parse(fcpxml.toFile());
    Element root = doc.getDocumentElement();
    assertEquals("fcpxml", root.getTagName());
    assertEquals("1.10", root.getAttribute("version"));
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      for (String attribute : TIME_ATTRIBUTES) {
        if (e.hasAttribute(attribute)) {
          Matcher m = RATIONAL.matcher(e.getAttribute(attribute));
          assertTrue(m.matches(), e.getTagName() + " " + attribute + "=" + e.getAttribute(attribute) + " is not rational");
          if (m.group(3) != null) {
            assertEquals(fps, Integer.parseInt(m.group(3)), "times are in frames of the storyboard's rate");
          }
        }
      }
    }
    Map<String, Path> assets = new HashMap<>();
    Set<String> ids = new HashSet<>();
    NodeList resources = ((Element) doc.getElementsByTagName("resources").item(0)).getChildNodes();
    for (int i = 0; i < resources.getLength(); i++) {
      if (resources.item(i) instanceof Element e) {
        assertTrue(ids.add(e.getAttribute("id")), "resource ids are unique: " + e.getAttribute("id"));
        if (e.getTagName().equals("asset")) {
          Element rep = (Element) e.getElementsByTagName("media-rep").item(0);
          Path file = folder.resolve(rep.getAttribute("src"));
          assertTrue(Files.isRegularFile(file), "asset " + e.getAttribute("id") + " reads a missing file");
          assets.put(e.getAttribute("id"), file);
        }
      }
    }
    List<FcpClip> clips = new ArrayList<>();
    NodeList assetClips = doc.getElementsByTagName("asset-clip");
    for (int i = 0; i < assetClips.getLength(); i++) {
      Element clip = (Element) assetClips.item(i);
      assertTrue(assets.containsKey(clip.getAttribute("ref")), "clip refers to an asset: " + clip.getAttribute("ref"));
      int rank = 0;
      for (Node child = clip.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child instanceof Element e) {
          int at = ASSET_CLIP_ORDER.indexOf(e.getTagName());
          assertTrue(at >= rank, "asset-clip's " + e.getTagName() + " is out of the DTD's order");
          rank = at;
        }
      }
      clips.add(new FcpClip(clip.getAttribute("name"), assets.get(clip.getAttribute("ref")),
          clip.hasAttribute("lane") ? Integer.parseInt(clip.getAttribute("lane")) : 0,
          rational(clip.getAttribute("offset"), fps), rational(clip.getAttribute("duration"), fps),
          !"0".equals(clip.getAttribute("enabled")), clip));
    }
    assertFalse(clips.isEmpty());
    return clips;
  }

  private static long rational(String time, int fps) {
    Matcher m = RATIONAL.matcher(time);
    assertTrue(m.matches(), time);
    if (m.group(2) != null) {
      return Long.parseLong(m.group(2)) * fps / Long.parseLong(m.group(3));
    }
    return m.group(4) == null ? 0 : Long.parseLong(m.group(4)) * fps;
  }
}

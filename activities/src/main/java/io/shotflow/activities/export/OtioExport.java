package io.shotflow.activities.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.activities.FileJson;
import java.io.IOException;

/**
 * OpenTimelineIO JSON ({@code Timeline.1} → {@code Stack.1} → {@code Track.1} of {@code Clip.1} and {@code Gap.1}),
 * every clip an {@code ExternalReference.1} to its per-shot file by relative path, every time a
 * {@code RationalTime.1} at the cut's fps:
 * <ul>
 *   <li>V1: the approved take of every shot, back to back; its durations sum to the cut. Review notes are markers on
 *       the clip; the clip's metadata ({@code metadata.shotflow}) names shot, take, provider, model, tier, provider
 *       job id, cost and approver.
 *   <li>V2, V3, …: the n-th alternate take of each shot under it, disabled, or a gap where a shot has fewer.
 *   <li>A1: each shot's dialogue under its shot, or a gap.
 * </ul>
 */
public final class OtioExport {

  private OtioExport() {}

  public static byte[] write(Cut cut) throws IOException {
    ObjectNode timeline = node("Timeline.1", cut.title());
    timeline.set("global_start_time", time(0, cut.fps()));
    ObjectNode stack = item("Stack.1", "tracks", null, true);
    ArrayNode tracks = stack.putArray("children");
    tracks.add(approved(cut));
    for (int n = 0; n < cut.alternateTracks(); n++) {
      tracks.add(alternates(cut, n));
    }
    if (cut.shots().stream().anyMatch(s -> s.dialogue() != null)) {
      tracks.add(dialogue(cut));
    }
    timeline.set("tracks", stack);
    return FileJson.INDENTED.writeValueAsBytes(timeline);
  }

  private static ObjectNode approved(Cut cut) {
    ObjectNode track = track("V1", "Video");
    ArrayNode children = (ArrayNode) track.get("children");
    for (Cut.Shot shot : cut.shots()) {
      ObjectNode clip = clip(shot.id(), shot.video(), shot.frames(), cut.fps(), true);
      ObjectNode meta = (ObjectNode) clip.get("metadata").get("shotflow");
      meta.put("prompt", shot.prompt());
      ArrayNode markers = (ArrayNode) clip.get("markers");
      for (Cut.Marker m : shot.markers()) {
        ObjectNode marker = node("Marker.1", m.name());
        marker.put("color", "RED");
        marker.set("marked_range", range(m.frame(), 0, cut.fps()));
        ObjectNode mm = ((ObjectNode) marker.get("metadata")).putObject("shotflow");
        mm.put("note", m.note());
        markers.add(marker);
      }
      children.add(clip);
    }
    return track;
  }

  private static ObjectNode alternates(Cut cut, int n) {
    ObjectNode track = track("V" + (n + 2), "Video");
    ArrayNode children = (ArrayNode) track.get("children");
    for (Cut.Shot shot : cut.shots()) {
      if (n < shot.alternates().size()) {
        Cut.Source take = shot.alternates().get(n);
        long frames = Math.min(take.frames(), shot.frames());
        children.add(clip(shot.id() + " " + take.name(), take, frames, cut.fps(), false));
        if (frames < shot.frames()) {
          children.add(gap(shot.frames() - frames, cut.fps()));
        }
      } else {
        children.add(gap(shot.frames(), cut.fps()));
      }
    }
    return track;
  }

  private static ObjectNode dialogue(Cut cut) {
    ObjectNode track = track("A1", "Audio");
    ArrayNode children = (ArrayNode) track.get("children");
    for (Cut.Shot shot : cut.shots()) {
      if (shot.dialogue() == null) {
        children.add(gap(shot.frames(), cut.fps()));
      } else {
        long frames = Math.min(shot.dialogue().frames(), shot.frames());
        children.add(clip(shot.id() + " dialogue", shot.dialogue(), frames, cut.fps(), true));
        if (frames < shot.frames()) {
          children.add(gap(shot.frames() - frames, cut.fps()));
        }
      }
    }
    return track;
  }

  private static ObjectNode clip(String name, Cut.Source source, long frames, int fps, boolean enabled) {
    ObjectNode clip = item("Clip.1", name, range(0, frames, fps), enabled);
    ((ObjectNode) clip.get("metadata")).set("shotflow", FileJson.MAPPER.valueToTree(source.metadata()));
    ObjectNode media = node("ExternalReference.1", source.name());
    media.put("target_url", source.path());
    media.set("available_range", range(0, source.frames(), fps));
    media.putNull("available_image_bounds");
    clip.set("media_reference", media);
    return clip;
  }

  private static ObjectNode gap(long frames, int fps) {
    return item("Gap.1", "", range(0, frames, fps), true);
  }

  private static ObjectNode track(String name, String kind) {
    ObjectNode track = item("Track.1", name, null, true);
    track.put("kind", kind);
    track.putArray("children");
    return track;
  }

  private static ObjectNode item(String schema, String name, ObjectNode sourceRange, boolean enabled) {
    ObjectNode item = node(schema, name);
    if (sourceRange == null) {
      item.putNull("source_range");
    } else {
      item.set("source_range", sourceRange);
    }
    item.putArray("effects");
    item.putArray("markers");
    item.put("enabled", enabled);
    return item;
  }

  private static ObjectNode node(String schema, String name) {
    ObjectNode node = FileJson.MAPPER.createObjectNode();
    node.put("OTIO_SCHEMA", schema);
    node.putObject("metadata");
    node.put("name", name);
    return node;
  }

  private static ObjectNode range(long startFrame, long frames, int fps) {
    ObjectNode range = FileJson.MAPPER.createObjectNode();
    range.put("OTIO_SCHEMA", "TimeRange.1");
    range.set("start_time", time(startFrame, fps));
    range.set("duration", time(frames, fps));
    return range;
  }

  private static ObjectNode time(long frames, int fps) {
    ObjectNode time = FileJson.MAPPER.createObjectNode();
    time.put("OTIO_SCHEMA", "RationalTime.1");
    time.put("rate", (double) fps);
    time.put("value", (double) frames);
    return time;
  }
}

package io.shotflow.activities.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.activities.FileJson;
import java.io.IOException;

/**
 * OpenTimelineIO JSON: a timeline with a video and an audio track whose clips are the shots' ranges in the
 * final cut (an {@code ExternalReference} to the media by relative name).
 */
public final class OtioExport {

  private OtioExport() {}

  public static byte[] write(Cut cut) throws IOException {
    ObjectNode timeline = node("Timeline.1", cut.title());
    timeline.putNull("global_start_time");
    ObjectNode stack = item("Stack.1", "tracks", null);
    ArrayNode tracks = stack.putArray("children");
    tracks.add(track(cut, "Video"));
    if (cut.hasAudio()) {
      tracks.add(track(cut, "Audio"));
    }
    timeline.set("tracks", stack);
    return FileJson.INDENTED.writeValueAsBytes(timeline);
  }

  private static ObjectNode track(Cut cut, String kind) {
    ObjectNode track = item("Track.1", kind, null);
    track.put("kind", kind);
    ArrayNode clips = track.putArray("children");
    for (Cut.Shot shot : cut.shots()) {
      ObjectNode clip = item("Clip.1", shot.id(), range(shot.startFrame(), shot.frames(), cut.fps()));
      ObjectNode meta = clip.putObject("metadata").putObject("shotflow");
      meta.put("shot_id", shot.id());
      meta.put("prompt", shot.prompt());
      ObjectNode media = node("ExternalReference.1", cut.media());
      media.put("target_url", cut.media());
      media.set("available_range", range(0, cut.totalFrames(), cut.fps()));
      media.putNull("available_image_bounds");
      clip.set("media_reference", media);
      clips.add(clip);
    }
    return track;
  }

  private static ObjectNode item(String schema, String name, ObjectNode sourceRange) {
    ObjectNode item = node(schema, name);
    if (sourceRange == null) {
      item.putNull("source_range");
    } else {
      item.set("source_range", sourceRange);
    }
    item.putArray("effects");
    item.putArray("markers");
    item.put("enabled", true);
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

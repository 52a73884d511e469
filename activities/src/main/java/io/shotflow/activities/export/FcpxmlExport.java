package io.shotflow.activities.export;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Final Cut Pro XML 1.10. The resources hold one format and one asset per source file (each shot's approved take,
 * each alternate take, each dialogue file; referenced by relative path in its {@code media-rep}); the project's
 * spine holds one {@code asset-clip} per shot, and each of those the shot's alternates as disabled connected clips
 * on lanes 1, 2, … and its dialogue on lane -1 (role dialogue), then its review notes as markers and its metadata
 * ({@code md} keys {@code com.shotflow.*}), in the order the DTD's content model of {@code asset-clip} wants them.
 * Every time is a rational number of frames ({@code 120/24s}) or {@code 0s}, never a decimal.
 */
public final class FcpxmlExport {

  /** Metadata keys are reverse-DNS names in FCPXML; ours start with this. */
  static final String MD_PREFIX = "com.shotflow.";

  private FcpxmlExport() {}

  public static byte[] write(Cut cut) throws XMLStreamException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Xml xml = new Xml(XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8"));
    int fps = cut.fps();
    Map<Cut.Source, String> ids = new LinkedHashMap<>();
    for (Cut.Shot shot : cut.shots()) {
      ids.put(shot.video(), "r" + (ids.size() + 2));
      for (Cut.Source alternate : shot.alternates()) {
        ids.put(alternate, "r" + (ids.size() + 2));
      }
      if (shot.dialogue() != null) {
        ids.put(shot.dialogue(), "r" + (ids.size() + 2));
      }
    }
    String total = time(cut.totalFrames(), fps);
    xml.out.writeStartDocument("UTF-8", "1.0");
    xml.out.writeCharacters("\n");
    xml.out.writeDTD("<!DOCTYPE fcpxml>");
    xml.open("fcpxml", "version", "1.10");
    xml.open("resources");
    xml.empty("format", "id", "r1", "frameDuration", time(1, fps),
        "width", Integer.toString(cut.width()), "height", Integer.toString(cut.height()));
    boolean dialogue = false;
    for (Map.Entry<Cut.Source, String> e : ids.entrySet()) {
      asset(xml, e.getKey(), e.getValue(), fps);
      dialogue |= isDialogue(cut, e.getKey());
    }
    xml.close();
    xml.open("library");
    xml.open("event", "name", "Shotflow");
    xml.open("project", "name", cut.title() == null ? "Shotflow" : cut.title());
    if (cut.hasAudio() || dialogue) {
      xml.open("sequence", "format", "r1", "duration", total, "tcStart", "0s", "tcFormat", "NDF",
          "audioLayout", "stereo", "audioRate", "48k");
    } else {
      xml.open("sequence", "format", "r1", "duration", total, "tcStart", "0s", "tcFormat", "NDF");
    }
    xml.open("spine");
    for (Cut.Shot shot : cut.shots()) {
      String offset = time(shot.startFrame(), fps);
      xml.open("asset-clip", "ref", ids.get(shot.video()), "name", shot.id(), "offset", offset, "start", "0s",
          "duration", time(shot.frames(), fps), "format", "r1", "tcFormat", "NDF");
      if (shot.prompt() != null) {
        xml.text("note", shot.prompt());
      }
      int lane = 1;
      for (Cut.Source alternate : shot.alternates()) {
        xml.empty("asset-clip", "ref", ids.get(alternate), "lane", Integer.toString(lane++),
            "name", shot.id() + " " + alternate.name(), "offset", offset, "start", "0s",
            "duration", time(Math.min(alternate.frames(), shot.frames()), fps), "enabled", "0");
      }
      if (shot.dialogue() != null) {
        xml.empty("asset-clip", "ref", ids.get(shot.dialogue()), "lane", "-1", "name", shot.id() + " dialogue",
            "offset", offset, "start", "0s", "duration", time(Math.min(shot.dialogue().frames(), shot.frames()), fps),
            "audioRole", "dialogue");
      }
      for (Cut.Marker m : shot.markers()) {
        xml.empty("marker", "start", time(m.frame(), fps), "duration", time(1, fps), "value", m.name(),
            "note", m.note() == null ? "" : m.note());
      }
      metadata(xml, shot.video().metadata());
      xml.close();
    }
    for (int i = 0; i < 6; i++) {
      xml.close();
    }
    xml.out.writeCharacters("\n");
    xml.out.writeEndDocument();
    xml.out.close();
    return bytes.toByteArray();
  }

  private static boolean isDialogue(Cut cut, Cut.Source source) {
    return cut.shots().stream().anyMatch(s -> s.dialogue() == source);
  }

  private static void asset(Xml xml, Cut.Source source, String id, int fps) throws XMLStreamException {
    boolean video = !source.path().endsWith(".wav");
    List<String> attributes = new ArrayList<>(List.of("id", id, "name", source.name(), "start", "0s",
        "duration", time(source.frames(), fps), "hasVideo", video ? "1" : "0", "hasAudio", source.hasAudio() ? "1" : "0"));
    if (video) {
      attributes.addAll(List.of("format", "r1"));
    }
    if (source.hasAudio()) {
      attributes.addAll(List.of("audioSources", "1", "audioChannels", "2", "audioRate", "48000"));
    }
    xml.open("asset", attributes.toArray(String[]::new));
    xml.empty("media-rep", "kind", "original-media", "src", source.path());
    xml.close();
  }

  private static void metadata(Xml xml, Map<String, Object> metadata) throws XMLStreamException {
    if (metadata.isEmpty()) {
      return;
    }
    xml.open("metadata");
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      Object value = e.getValue();
      String text = value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
          : String.valueOf(value);
      xml.empty("md", "key", MD_PREFIX + e.getKey(), "value", value == null ? "" : text);
    }
    xml.close();
  }

  /** {@code frames/fps s}, or {@code 0s}. */
  static String time(long frames, int fps) {
    return frames == 0 ? "0s" : frames + "/" + fps + "s";
  }

  /** StAX with one element per line, indented by depth. */
  private static final class Xml {
    final XMLStreamWriter out;
    int depth;

    Xml(XMLStreamWriter out) {
      this.out = out;
    }

    void open(String name, String... attributes) throws XMLStreamException {
      indent();
      out.writeStartElement(name);
      attributes(attributes);
      depth++;
    }

    void empty(String name, String... attributes) throws XMLStreamException {
      indent();
      out.writeEmptyElement(name);
      attributes(attributes);
    }

    void text(String name, String text) throws XMLStreamException {
      indent();
      out.writeStartElement(name);
      out.writeCharacters(text);
      out.writeEndElement();
    }

    void close() throws XMLStreamException {
      depth--;
      indent();
      out.writeEndElement();
    }

    private void attributes(String... pairs) throws XMLStreamException {
      for (int i = 0; i < pairs.length; i += 2) {
        out.writeAttribute(pairs[i], pairs[i + 1]);
      }
    }

    private void indent() throws XMLStreamException {
      out.writeCharacters("\n" + "  ".repeat(depth));
    }
  }
}

package io.shotflow.activities.export;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Final Cut Pro XML 1.10: one format and one asset (the final cut, referenced by relative name) in the resources,
 * and a project whose spine holds one asset-clip per shot. Every time is a rational number of frames
 * ({@code 120/24s}), never a decimal, so no frame drifts.
 */
public final class FcpxmlExport {

  private FcpxmlExport() {}

  public static byte[] write(Cut cut) throws XMLStreamException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Xml xml = new Xml(XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8"));
    int fps = cut.fps();
    String total = time(cut.totalFrames(), fps);
    String audio = cut.hasAudio() ? "1" : "0";
    xml.out.writeStartDocument("UTF-8", "1.0");
    xml.out.writeCharacters("\n");
    xml.out.writeDTD("<!DOCTYPE fcpxml>");
    xml.open("fcpxml", "version", "1.10");
    xml.open("resources");
    xml.empty("format", "id", "r1", "frameDuration", time(1, fps),
        "width", Integer.toString(cut.width()), "height", Integer.toString(cut.height()));
    if (cut.hasAudio()) {
      xml.open("asset", "id", "r2", "name", cut.media(), "start", "0s", "duration", total, "hasVideo", "1",
          "hasAudio", audio, "format", "r1", "audioSources", "1", "audioChannels", "2", "audioRate", "48000");
    } else {
      xml.open("asset", "id", "r2", "name", cut.media(), "start", "0s", "duration", total, "hasVideo", "1",
          "hasAudio", audio, "format", "r1");
    }
    xml.empty("media-rep", "kind", "original-media", "src", cut.media());
    xml.close();
    xml.close();
    xml.open("library");
    xml.open("event", "name", "Shotflow");
    xml.open("project", "name", cut.title() == null ? "Shotflow" : cut.title());
    if (cut.hasAudio()) {
      xml.open("sequence", "format", "r1", "duration", total, "tcStart", "0s", "tcFormat", "NDF",
          "audioLayout", "stereo", "audioRate", "48k");
    } else {
      xml.open("sequence", "format", "r1", "duration", total, "tcStart", "0s", "tcFormat", "NDF");
    }
    xml.open("spine");
    for (Cut.Shot shot : cut.shots()) {
      xml.empty("asset-clip", "ref", "r2", "name", shot.id(), "offset", time(shot.startFrame(), fps),
          "start", time(shot.startFrame(), fps), "duration", time(shot.frames(), fps), "format", "r1",
          "tcFormat", "NDF");
    }
    for (int i = 0; i < 6; i++) {
      xml.close();
    }
    xml.out.writeCharacters("\n");
    xml.out.writeEndDocument();
    xml.out.close();
    return bytes.toByteArray();
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

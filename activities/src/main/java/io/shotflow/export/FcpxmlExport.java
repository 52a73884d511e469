package io.shotflow.export;

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
    XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
    int fps = cut.fps();
    String total = time(cut.totalFrames(), fps);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeDTD("\n<!DOCTYPE fcpxml>\n");
    xml.writeStartElement("fcpxml");
    xml.writeAttribute("version", "1.10");

    xml.writeStartElement("resources");
    xml.writeEmptyElement("format");
    xml.writeAttribute("id", "r1");
    xml.writeAttribute("frameDuration", time(1, fps));
    xml.writeAttribute("width", Integer.toString(cut.width()));
    xml.writeAttribute("height", Integer.toString(cut.height()));
    xml.writeStartElement("asset");
    xml.writeAttribute("id", "r2");
    xml.writeAttribute("name", cut.media());
    xml.writeAttribute("start", "0s");
    xml.writeAttribute("duration", total);
    xml.writeAttribute("hasVideo", "1");
    xml.writeAttribute("hasAudio", cut.hasAudio() ? "1" : "0");
    xml.writeAttribute("format", "r1");
    if (cut.hasAudio()) {
      xml.writeAttribute("audioSources", "1");
      xml.writeAttribute("audioChannels", "2");
      xml.writeAttribute("audioRate", "48000");
    }
    xml.writeEmptyElement("media-rep");
    xml.writeAttribute("kind", "original-media");
    xml.writeAttribute("src", cut.media());
    xml.writeEndElement();
    xml.writeEndElement();

    xml.writeStartElement("library");
    xml.writeStartElement("event");
    xml.writeAttribute("name", "Shotflow");
    xml.writeStartElement("project");
    xml.writeAttribute("name", cut.title());
    xml.writeStartElement("sequence");
    xml.writeAttribute("format", "r1");
    xml.writeAttribute("duration", total);
    xml.writeAttribute("tcStart", "0s");
    xml.writeAttribute("tcFormat", "NDF");
    if (cut.hasAudio()) {
      xml.writeAttribute("audioLayout", "stereo");
      xml.writeAttribute("audioRate", "48k");
    }
    xml.writeStartElement("spine");
    for (Cut.Shot shot : cut.shots()) {
      xml.writeEmptyElement("asset-clip");
      xml.writeAttribute("ref", "r2");
      xml.writeAttribute("name", shot.id());
      xml.writeAttribute("offset", time(shot.startFrame(), fps));
      xml.writeAttribute("start", time(shot.startFrame(), fps));
      xml.writeAttribute("duration", time(shot.frames(), fps));
      xml.writeAttribute("format", "r1");
      xml.writeAttribute("tcFormat", "NDF");
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return bytes.toByteArray();
  }

  /** {@code frames/fps s}, or {@code 0s}. */
  static String time(long frames, int fps) {
    return frames == 0 ? "0s" : frames + "/" + fps + "s";
  }
}

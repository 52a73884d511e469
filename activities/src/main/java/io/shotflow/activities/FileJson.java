package io.shotflow.activities;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The JSON of the files the activities write: the local provider's job records and the exports ({@code manifest.json},
 * {@code timeline.otio}). Files outlive the process and are read by other tools, so they are written with a mapper of
 * their own, never with the application's {@code ObjectMapper} bean, whose {@code jackson.*} settings (snake_case
 * names, null inclusion, number formats) are the HTTP API's and would change the files' form.
 */
public final class FileJson {

  /** Java field names, nulls written; reading ignores fields it does not know (a record written by a newer version). */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** For files people read: two-space indentation, one field per line. */
  public static final ObjectWriter INDENTED = MAPPER.writerWithDefaultPrettyPrinter();

  private FileJson() {}
}

package io.shotflow.spec;

/**
 * One problem with a storyboard spec. {@code field} is the JSON path of the offending value
 * (for example {@code shots[1].start_frame.from}); {@code shot} is that shot's id when known, else null.
 */
public record SpecError(String field, String shot, String message) {

  @Override
  public String toString() {
    String where = field == null ? "spec" : field;
    return (shot == null ? where : where + " (shot " + shot + ")") + ": " + message;
  }
}

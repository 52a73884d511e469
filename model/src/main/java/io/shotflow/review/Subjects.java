package io.shotflow.review;

/**
 * Review subjects (docs/api.md, "Review subjects"): {@code keyframe:<shot>:<start|end>}, {@code clip:<shot>},
 * {@code extend:<shot>:<n>}, {@code lip_sync:<shot>}, {@code lip_sync:<shot>:<n>} for segment n of a lip-sync split at
 * clip boundaries, and {@code character:<id>:<n>}, reference {@code n} (from 1) of a character. A character's
 * references are made by its sheet, which runs and is addressed like a shot under the id {@code character:<id>} (a
 * colon no shot id may hold, so the two never collide).
 */
public final class Subjects {

  private Subjects() {}

  public static String keyframe(String shotId, String which) {
    return "keyframe:" + shotId + ":" + which;
  }

  public static String clip(String shotId) {
    return "clip:" + shotId;
  }

  /** Extend steps are numbered from 1. */
  public static String extend(String shotId, int n) {
    return "extend:" + shotId + ":" + n;
  }

  public static String lipSync(String shotId) {
    return "lip_sync:" + shotId;
  }

  /** Segment {@code n} (from 1) of a shot whose lip-sync is split at its clip boundaries. */
  public static String lipSync(String shotId, int n) {
    return "lip_sync:" + shotId + ":" + n;
  }

  public static final String CHARACTER = "character";

  /** Reference {@code n} (from 1) of character {@code characterId}. */
  public static String character(String characterId, int n) {
    return CHARACTER + ":" + characterId + ":" + n;
  }

  /** The id the sheet of character {@code characterId} runs under, where a shot has its shot id. */
  public static String sheet(String characterId) {
    return CHARACTER + ":" + characterId;
  }

  /** Whether {@code shotId} (from {@link #shotOf}) is a character's sheet rather than a shot. */
  public static boolean isSheet(String shotId) {
    return shotId != null && shotId.startsWith(CHARACTER + ":");
  }

  /**
   * The shot a subject belongs to (for {@code character:<id>:<n>}, the sheet {@code character:<id>}), or null when
   * the subject is malformed.
   */
  public static String shotOf(String subject) {
    if (subject == null) {
      return null;
    }
    String[] parts = subject.split(":");
    if (parts.length < 2 || parts[1].isEmpty()) {
      return null;
    }
    return CHARACTER.equals(parts[0]) ? sheet(parts[1]) : parts[1];
  }
}

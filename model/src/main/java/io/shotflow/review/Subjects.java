package io.shotflow.review;

/** Review subjects (docs/api.md, "Review subjects"): {@code keyframe:<shot>:<start|end>}, {@code clip:<shot>}, {@code extend:<shot>:<n>}, {@code lip_sync:<shot>}, and {@code lip_sync:<shot>:<n>} for segment n of a lip-sync split at clip boundaries. */
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

  /** The shot a subject belongs to, or null when the subject is malformed. */
  public static String shotOf(String subject) {
    if (subject == null) {
      return null;
    }
    String[] parts = subject.split(":");
    return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : null;
  }
}

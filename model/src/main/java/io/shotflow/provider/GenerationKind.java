package io.shotflow.provider;

/** What a provider call produces. */
public enum GenerationKind {
  /** A still image from a prompt (start or end frame). */
  KEYFRAME,
  /** Image-to-video from a start frame and an optional end frame. */
  CLIP,
  /** A continuation clip that starts on the last frame of the previous one. */
  EXTEND,
  /** Dialogue audio lip-synced onto a video. */
  LIP_SYNC
}

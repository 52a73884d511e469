package io.shotflow.spec;

/** A keyframe: exactly one of a prompt to generate, an image reference, or the last frame of an earlier shot. */
public record FrameSpec(String prompt, String image, String from) {

  public boolean isPrompt() {
    return prompt != null;
  }

  public boolean isImage() {
    return image != null;
  }

  public boolean isFrom() {
    return from != null;
  }

  public FrameSpec withImage(String newImage) {
    return new FrameSpec(prompt, newImage, from);
  }
}

package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A keyframe: exactly one of a prompt to generate, an image reference, or the last frame of an earlier shot. */
public record FrameSpec(String prompt, String image, String from) {

  @JsonIgnore // not a property: without this Jackson writes it over the String field of the same name
  public boolean isPrompt() {
    return prompt != null;
  }

  @JsonIgnore // not a property: without this Jackson writes it over the String field of the same name
  public boolean isImage() {
    return image != null;
  }

  @JsonIgnore // not a property: without this Jackson writes it over the String field of the same name
  public boolean isFrom() {
    return from != null;
  }

  public FrameSpec withImage(String newImage) {
    return new FrameSpec(prompt, newImage, from);
  }
}

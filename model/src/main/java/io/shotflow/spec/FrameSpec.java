package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A keyframe: exactly one of a prompt to generate, an image reference, the last frame of an earlier shot
 * ({@code from}), or, for an end frame only, the approved start keyframe of another shot ({@code to}). A character's
 * reference takes the forms a start frame takes (prompt or image).
 */
public record FrameSpec(String prompt, String image, String from, @JsonInclude(JsonInclude.Include.NON_NULL) String to) {

  public FrameSpec(String prompt, String image, String from) {
    this(prompt, image, from, null);
  }

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

  @JsonIgnore // not a property: without this Jackson writes it over the String field of the same name
  public boolean isTo() {
    return to != null;
  }

  public FrameSpec withImage(String newImage) {
    return new FrameSpec(prompt, newImage, from, to);
  }
}

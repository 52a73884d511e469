package io.shotflow.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot start: every problem found, each naming its field (and shot). */
public class SpecValidationException extends RuntimeException {

  private final transient List<SpecError> errors;

  public SpecValidationException(List<SpecError> errors) {
    super("invalid storyboard spec: " + errors.stream().map(SpecError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<SpecError> errors() {
    return errors;
  }
}

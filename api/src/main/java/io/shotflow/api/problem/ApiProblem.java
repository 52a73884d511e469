package io.shotflow.api.problem;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** A request the API refuses, answered as problem+json with the given status; {@code errors} names each bad field. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final List<FieldError> errors;

  public ApiProblem(HttpStatus status, String detail) {
    this(status, detail, List.of());
  }

  public ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public static ApiProblem badRequest(String field, String message) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, field + ": " + message, List.of(new FieldError(field, null, message)));
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, detail);
  }

  public HttpStatus status() {
    return status;
  }

  public List<FieldError> errors() {
    return errors;
  }
}

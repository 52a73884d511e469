package io.shotflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A request argument that cannot be read (a body that is not JSON, or not UTF-8; a path or query value of the wrong
 * type) answered as a 400 problem naming the argument ({@code body} for the body) and what is wrong with it, in place of
 * Micronaut's answer, which names the argument only.
 */
@Produces
@Singleton
@Replaces(ConversionErrorHandler.class)
public class ConversionProblemHandler implements ExceptionHandler<ConversionErrorException, HttpResponse<ProblemDocument>> {

  /** Jackson quotes the input around an error; enough of it to find the place. */
  private static final int MAX_MESSAGE_CHARS = 300;

  @Override
  public HttpResponse<ProblemDocument> handle(HttpRequest request, ConversionErrorException e) {
    String field = e.getArgument().getName();
    Throwable cause = e.getConversionError().getCause();
    String message = cause instanceof JsonProcessingException json
        ? "not valid JSON: " + json.getOriginalMessage()
        : cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
    ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, field + ": " + message,
        List.of(new FieldError(field, null, message)));
    return HttpResponse.<ProblemDocument>status(HttpStatus.BAD_REQUEST)
        .contentType(ApiProblemHandler.PROBLEM_JSON)
        .body(ApiProblemHandler.document(problem));
  }
}

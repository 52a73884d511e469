package io.shotflow.api.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiProblem} as {@code application/problem+json}. */
@Produces
@Singleton
public class ApiProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<ProblemDocument>> {

  public static final String PROBLEM_JSON = "application/problem+json";

  @Override
  public HttpResponse<ProblemDocument> handle(HttpRequest request, ApiProblem problem) {
    return HttpResponse.<ProblemDocument>status(problem.status())
        .contentType(PROBLEM_JSON)
        .body(document(problem));
  }

  static ProblemDocument document(ApiProblem problem) {
    return new ProblemDocument("about:blank", problem.status().getReason(), problem.status().getCode(),
        problem.getMessage(), problem.errors());
  }
}

package io.shotflow.api.storyboard;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.FieldError;
import io.shotflow.api.security.Roles;
import io.shotflow.spec.SpecValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** {@code POST /api/storyboards}: a spec as JSON, or as YAML with {@code Content-Type: application/yaml}. */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StoryboardSubmissionController {

  private final StoryboardSubmission submission;

  public StoryboardSubmissionController(StoryboardSubmission submission) {
    this.submission = submission;
  }

  @Post
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  public HttpResponse<StoryboardSubmission.Submitted> submit(HttpRequest<?> request, @Body InputStream content)
      throws IOException {
    // read raw: Micronaut has no String reader for the YAML media types
    String body = new String(content.readAllBytes(), StandardCharsets.UTF_8);
    boolean yaml = request.getContentType().map(t -> t.getSubtype().contains("yaml")).orElse(false);
    StoryboardSubmission.Submitted submitted;
    try {
      submitted = submission.submit(body, yaml);
    } catch (SpecValidationException e) {
      var errors = e.errors().stream().map(s -> new FieldError(s.field(), s.shot(), s.message())).toList();
      throw new ApiProblem(io.micronaut.http.HttpStatus.BAD_REQUEST, "the storyboard spec is invalid ("
          + errors.size() + (errors.size() == 1 ? " problem" : " problems") + "); nothing was started", errors);
    }
    return HttpResponse.created(submitted, URI.create("/api/storyboards/" + submitted.id()));
  }
}

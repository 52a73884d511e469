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
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.api.limits.RequestBodyLimits;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.api.problem.FieldError;
import io.shotflow.api.security.Roles;
import io.shotflow.spec.InputLimits;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.SpecValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

/** {@code POST /api/storyboards}: a spec as JSON, or as YAML with {@code Content-Type: application/yaml}. */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.STORYBOARDS)
public class StoryboardSubmissionController {

  private static final String SPEC = "A storyboard spec v1: `title` and `shots` are required, every other field has "
      + "a default; unknown fields are an error. Every field, its default and its limits: `docs/spec.md` in the "
      + "repository.";
  private static final String SINGLE_SHOT = "{\"title\": \"Sunrise over the harbour\", \"provider\": \"local\", "
      + "\"review\": {\"keyframes\": \"auto\", \"clips\": \"auto\"}, \"shots\": [{\"id\": \"sunrise\", "
      + "\"prompt\": \"Slow pan across the harbour as the sun rises\", \"duration\": 5, \"start_frame\": "
      + "{\"prompt\": \"A quiet harbour before dawn, fishing boats, mist on the water\"}}]}";

  private final StoryboardSubmission submission;

  public StoryboardSubmissionController(StoryboardSubmission submission) {
    this.submission = submission;
  }

  @Post
  @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  @Operation(operationId = "submitStoryboard", summary = "Submit a storyboard",
      description = "Parses and validates a storyboard spec v1 (every field, default and limit: `docs/spec.md` in "
          + "the repository), downloads and checks its image and audio references, records it and starts its "
          + "workflow. A spec with any problem starts nothing and is answered 400 naming each invalid field and "
          + "shot. `file:` references are refused here: upload the file to `/api/assets` and use `asset:<id>`. "
          + "Roles `producer` or `admin`.")
  @RequestBody(required = true, description = "The spec, as JSON or as YAML (`application/yaml`)", content = {
      @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = Object.class, description = SPEC),
          examples = @ExampleObject(name = "single-shot", summary = "One shot on the free local provider",
              value = SINGLE_SHOT)),
      @Content(mediaType = "application/yaml", schema = @Schema(implementation = Object.class, description = SPEC)),
      @Content(mediaType = "application/x-yaml", schema = @Schema(implementation = Object.class, description = SPEC)),
      @Content(mediaType = "text/yaml", schema = @Schema(implementation = Object.class, description = SPEC))})
  @ApiResponse(responseCode = "201", description = "Accepted and started",
      headers = @Header(name = "Location", description = "The storyboard's status", schema = @Schema(type = "string")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = StoryboardSubmission.Submitted.class)))
  @ApiResponse(responseCode = "400", description = "The spec is invalid; `errors` names each field (and shot)",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ProblemResponses.ProducerOrAdmin
  @ApiResponse(responseCode = "413", description = "The body is over 1 MiB",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public HttpResponse<StoryboardSubmission.Submitted> submit(HttpRequest<?> request,
      // read as bytes, documented as the spec object it holds (else the document says "binary")
      @Schema(implementation = Object.class, description = SPEC) @Body InputStream content)
      throws IOException {
    // read raw, bounded, and decoded by the spec reader: Micronaut has no String reader for the YAML media types
    byte[] body = RequestBodyLimits.readAtMost(content, InputLimits.SPEC_BODY_BYTES, "POST /api/storyboards");
    boolean yaml = request.getContentType().map(t -> t.getSubtype().contains("yaml")).orElse(false);
    StoryboardSubmission.Submitted submitted;
    try {
      requireUtf8(request);
      submitted = submission.submit(body, yaml);
    } catch (SpecValidationException e) {
      var errors = e.errors().stream().map(s -> new FieldError(s.field(), s.shot(), s.message())).toList();
      throw new ApiProblem(io.micronaut.http.HttpStatus.BAD_REQUEST, "the storyboard spec is invalid ("
          + errors.size() + (errors.size() == 1 ? " problem" : " problems") + "); nothing was started", errors);
    }
    return HttpResponse.created(submitted, URI.create("/api/storyboards/" + submitted.id()));
  }

  /** A spec is UTF-8: a body declared in another charset is refused rather than read as something else. */
  private static void requireUtf8(HttpRequest<?> request) {
    request.getContentType().flatMap(type -> type.getParameters().get("charset"))
        .map(charset -> charset.replace("\"", "").trim())
        .filter(charset -> !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8"))
        .ifPresent(charset -> {
          throw new SpecValidationException(List.of(new SpecError(null, null,
              "the spec must be sent as UTF-8, not charset=" + InputLimits.echo(charset))));
        });
  }
}

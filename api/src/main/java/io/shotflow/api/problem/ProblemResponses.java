package io.shotflow.api.problem;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals many operations share, documented once: each annotation stands for its {@link ApiResponse}s, every one
 * answered as {@code application/problem+json} ({@link ProblemDocument}); each role annotation includes {@link
 * TokenRequired}. The role check itself stays the operation's {@code @Secured}; the annotation beside it says what a
 * caller without that role is answered.
 */
public final class ProblemResponses {

  private ProblemResponses() {}

  /** 401 without a valid bearer token: any operation open to every role. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
  @ApiResponse(responseCode = "401", description = "No valid bearer token",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public @interface TokenRequired {}

  /** 401 without a valid bearer token, 403 without the role {@code admin}. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @TokenRequired
  @ApiResponse(responseCode = "403", description = "The token does not have the role `admin`",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public @interface AdminOnly {}

  /** 401 without a valid bearer token, 403 without the role {@code producer} or {@code admin}. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @TokenRequired
  @ApiResponse(responseCode = "403", description = "The token has neither role `producer` nor `admin`",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public @interface ProducerOrAdmin {}

  /** 401 without a valid bearer token, 403 without the role {@code reviewer} or {@code admin}. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @TokenRequired
  @ApiResponse(responseCode = "403", description = "The token has neither role `reviewer` nor `admin`",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public @interface ReviewerOrAdmin {}

  /** 404 for a storyboard id the catalog does not know. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(responseCode = "404", description = "No storyboard with this id",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public @interface UnknownStoryboard {}
}

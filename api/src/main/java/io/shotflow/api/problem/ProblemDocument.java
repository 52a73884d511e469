package io.shotflow.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists the invalid fields of a refused spec or request. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "An RFC 9457 problem document, answered as `application/problem+json`")
public record ProblemDocument(
    @Schema(description = "A URI naming the problem type; `about:blank` when the status says it all",
        example = "about:blank")
    String type,
    @Schema(description = "The status's reason phrase", example = "Bad Request")
    String title,
    @Schema(description = "The HTTP status code", example = "400")
    int status,
    @Schema(description = "What went wrong, in words a person can act on",
        example = "the storyboard spec is invalid (1 problem); nothing was started")
    String detail,
    @Schema(description = "Each invalid field of a refused spec or request; absent when the problem is not about "
        + "fields")
    List<FieldError> errors) {}

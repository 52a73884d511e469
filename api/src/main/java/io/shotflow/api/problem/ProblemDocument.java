package io.shotflow.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists the invalid fields of a refused spec or request. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDocument(String type, String title, int status, String detail, List<FieldError> errors) {}

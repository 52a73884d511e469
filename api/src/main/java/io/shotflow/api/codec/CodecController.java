package io.shotflow.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.api.security.Roles;
import io.shotflow.platform.temporal.codec.EncryptedPayloadCodec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The Temporal remote codec endpoints ({@code POST /codec/encode}, {@code POST /codec/decode}) that the Temporal UI and
 * CLI call to show the encrypted payloads of a history: a {@code Payloads} message in protobuf's JSON form
 * ({@code {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}) in and out, through the same codec
 * the workers encrypt with. Admins only: whoever may call decode reads every prompt and review note.
 */
@Controller("/codec")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.CODEC)
@Secured(Roles.ADMIN)
public class CodecController {

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private final EncryptedPayloadCodec codec;

  public CodecController(EncryptedPayloadCodec codec) {
    this.codec = codec;
  }

  @Post("/encode")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "encodePayloads", summary = "Encrypt payloads",
      description = "Encrypts each payload with the current key, as the workers do (Temporal's remote codec "
          + "protocol). Role `admin`.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = CodecPayloads.class)))
  @ApiResponse(responseCode = "200", description = "The encrypted payloads, in the same order",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = CodecPayloads.class)))
  @ApiResponse(responseCode = "400", description = "The body is not a `Payloads` message in protobuf JSON",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ProblemResponses.AdminOnly
  public String encode(@Body String body) {
    return apply(body, codec::encode);
  }

  @Post("/decode")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "decodePayloads", summary = "Decrypt payloads",
      description = "Decrypts each encrypted payload with the key its `encryption-key-id` names; payloads that are "
          + "not encrypted come back unchanged (Temporal's remote codec protocol). Role `admin`.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = CodecPayloads.class)))
  @ApiResponse(responseCode = "200", description = "The decrypted payloads, in the same order",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = CodecPayloads.class)))
  @ApiResponse(responseCode = "400", description = "The body is not a `Payloads` message in protobuf JSON, or a "
      + "payload cannot be decrypted (its key is not configured, or it does not authenticate); the detail says which",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ProblemResponses.AdminOnly
  public String decode(@Body String body) {
    return apply(body, codec::decode);
  }

  private static String apply(String body, UnaryOperator<List<Payload>> operation) {
    Payloads.Builder in = Payloads.newBuilder();
    try {
      PARSER.merge(body == null ? "" : body, in);
    } catch (InvalidProtocolBufferException e) {
      throw ApiProblem.badRequest("payloads", "the body is not a Temporal Payloads message in protobuf JSON: "
          + e.getMessage());
    }
    List<Payload> out;
    try {
      out = operation.apply(in.getPayloadsList());
    } catch (PayloadCodecException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    try {
      return PRINTER.print(Payloads.newBuilder().addAllPayloads(out).build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Payloads message does not print as JSON", e);
    }
  }
}

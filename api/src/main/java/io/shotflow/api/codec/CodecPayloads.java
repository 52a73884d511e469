package io.shotflow.api.codec;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shape of a Temporal {@code Payloads} message in protobuf JSON, for the OpenAPI document: the codec endpoints
 * parse and print it with protobuf's own JSON format rather than through this record.
 */
@Schema(name = "CodecPayloads", description = "A Temporal `Payloads` message in protobuf's JSON form")
public record CodecPayloads(
    @Schema(description = "The payloads, in order", requiredMode = Schema.RequiredMode.REQUIRED)
    List<CodecPayload> payloads) {

  /** One {@code Payload}: metadata values and data are base64. */
  @Schema(name = "CodecPayload", description = "A Temporal `Payload`; metadata values and data are base64")
  public record CodecPayload(
      @Schema(description = "Metadata, each value base64 (e.g. `encoding`: `YmluYXJ5L2VuY3J5cHRlZA==` for "
          + "`binary/encrypted`, `encryption-key-id`)")
      Map<String, String> metadata,
      @Schema(description = "The payload's bytes, base64", format = "byte")
      String data) {}
}

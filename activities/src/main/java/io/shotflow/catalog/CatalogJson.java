package io.shotflow.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import io.shotflow.media.AssemblyResult;
import io.shotflow.review.PendingReview;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON the catalog stores, written with its own mapper so the stored form never depends on app settings. */
final class CatalogJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build();

  private static final TypeReference<List<PendingReview>> PENDING = new TypeReference<>() {};

  private CatalogJson() {}

  static String write(Object outputs) {
    try {
      return MAPPER.writeValueAsString(outputs);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pending reviews as stored; none for a null column. */
  static List<PendingReview> readPendingReviews(String json) {
    try {
      return json == null ? List.of() : MAPPER.readValue(json, PENDING);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AssemblyResult readOutputs(String json) {
    try {
      return json == null ? null : MAPPER.readValue(json, AssemblyResult.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

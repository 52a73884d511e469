package io.shotflow.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.review.PendingReview;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON the catalog stores, written with its own mapper so the stored form never depends on app settings. */
final class CatalogJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build();

  private static final TypeReference<List<PendingReview>> PENDING = new TypeReference<>() {};

  private CatalogJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pending reviews as stored; none for a null column. */
  static List<PendingReview> readPendingReviews(String json) {
    return json == null ? List.of() : read(json, PENDING);
  }

  static AssemblyResult readOutputs(String json) {
    return json == null ? null : read(json, new TypeReference<AssemblyResult>() {});
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.shotflow.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shotflow.media.AssemblyResult;
import java.io.UncheckedIOException;

/** The JSON the catalog stores, written with its own mapper so the stored form never depends on app settings. */
final class CatalogJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build();

  private CatalogJson() {}

  static String write(AssemblyResult outputs) {
    try {
      return MAPPER.writeValueAsString(outputs);
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

package io.shotflow.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a storyboard spec v1 from YAML or JSON. Unknown fields and values of the wrong type are errors that
 * name the JSON path ({@code shots[1].start_frame.colour: unknown field}). It checks form only; the rules are
 * {@link SpecValidator}'s.
 */
public final class StoryboardSpecParser {

  /**
   * A spec is small and flat: numbers, nesting and length bounded well below Jackson's defaults. (YAML aliases need no
   * bound: Jackson reads an alias as the anchor's name and never expands it.)
   */
  private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
      .maxNumberLength(InputLimits.MAX_NUMBER_CHARS)
      .maxNestingDepth(InputLimits.MAX_NESTING_DEPTH)
      .maxStringLength(InputLimits.SPEC_BODY_BYTES)
      .maxDocumentLength(InputLimits.SPEC_BODY_BYTES)
      .build();

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(InputLimits.SPEC_BODY_BYTES);
    options.setNestingDepthLimit(InputLimits.MAX_NESTING_DEPTH);
    return options;
  }

  /*
   * The spec's own strict readers, one per format and shared by every parser. The model module has no Micronaut (and
   * so no ObjectMapper bean); and a spec must read the same wherever it is parsed (API, CLI, tests), whatever the
   * application's jackson settings.
   */
  private static final ObjectMapper JSON = configure(new ObjectMapper(
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build()));
  private static final ObjectMapper YAML = configure(new ObjectMapper(
      YAMLFactory.builder().loaderOptions(loaderOptions()).streamReadConstraints(CONSTRAINTS).build()));

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.registerModule(new JavaTimeModule());
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    // 5.5 seconds is not "5"; an empty string is not a missing value
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  /**
   * The spec in {@code content}, which must be UTF-8 and at most {@link InputLimits#SPEC_BODY_BYTES} long.
   *
   * @throws SpecValidationException for bytes that are not UTF-8, and as {@link #parse(String, boolean)}
   */
  public StoryboardSpec parse(byte[] content, boolean isYaml) {
    if (content.length > InputLimits.SPEC_BODY_BYTES) {
      throw tooLarge(content.length + " bytes");
    }
    try {
      return parse(InputLimits.utf8(content), isYaml);
    } catch (InputLimits.MalformedUtf8 e) {
      throw single(null, null, "the spec is " + e.getMessage() + "; send it encoded as UTF-8");
    }
  }

  /** @throws SpecValidationException naming each field that is unknown or of the wrong type */
  public StoryboardSpec parse(String text, boolean isYaml) {
    ObjectMapper mapper = isYaml ? YAML : JSON;
    String format = isYaml ? "YAML" : "JSON";
    if (text == null || text.isBlank()) {
      throw single(null, null, "the spec is empty");
    }
    if (text.length() > InputLimits.SPEC_BODY_BYTES) {
      throw tooLarge(text.length() + " characters");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw single(fieldAt(e), null, "not valid " + format + where + ": " + e.getOriginalMessage());
    } catch (YAMLException e) {
      // what SnakeYAML refuses outside a position (its own limits) Jackson passes on unwrapped
      throw single(null, null, "not valid " + format + ": " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw single(null, null, "the spec is empty");
    }
    if (!tree.isObject()) {
      throw single(null, null, "the spec must be a " + format + " object with title, shots and settings");
    }
    List<SpecError> emptyEntries = new ArrayList<>();
    findEmptyEntries(tree, "", tree, emptyEntries);
    if (!emptyEntries.isEmpty()) {
      throw new SpecValidationException(emptyEntries);
    }
    try {
      return mapper.treeToValue(tree, StoryboardSpec.class);
    } catch (JsonMappingException e) {
      String path = path(e.getPath());
      throw single(path.isEmpty() ? null : path, shotOf(tree, e.getPath()), describe(e));
    } catch (JsonProcessingException e) {
      throw single(null, null, e.getOriginalMessage());
    }
  }

  /**
   * The field the reader was in when the document stopped making sense ({@code shots[0].id} for a duplicated id, the
   * field whose value is cut short), or null at the document's top.
   */
  private static String fieldAt(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(0, c.getCurrentName());
      }
    }
    StringBuilder field = new StringBuilder();
    for (String part : parts) {
      field.append(part.startsWith("[") || field.length() == 0 ? "" : ".").append(part);
    }
    return field.length() == 0 ? null : field.toString();
  }

  private static SpecValidationException tooLarge(String size) {
    return single(null, null, "the spec is " + size + "; at most " + InputLimits.SPEC_BODY_BYTES + " bytes are read");
  }

  private static SpecValidationException single(String field, String shot, String message) {
    return new SpecValidationException(List.of(new SpecError(field, shot, message)));
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      Collection<Object> known = unknown.getKnownPropertyIds();
      String allowed = known == null || known.isEmpty() ? ""
          : " (expected one of: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
      return "unknown field" + allowed;
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String got = e instanceof InvalidFormatException invalid && invalid.getValue() != null
          ? " (got '" + InputLimits.echo(invalid.getValue()) + "')" : "";
      return "expected " + expected(mismatch.getTargetType()) + got;
    }
    return e.getOriginalMessage();
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == BigDecimal.class) {
      return "a number";
    }
    if (type == String.class) {
      return "text";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as PT24H";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  /** Lists may not hold empty entries ({@code extend: [~]}); the records cannot name them, so find them here. */
  private static void findEmptyEntries(JsonNode node, String path, JsonNode root, List<SpecError> out) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String at = path + "[" + i + "]";
        if (node.get(i).isNull()) {
          out.add(new SpecError(at, shotAt(root, at), "empty entry"));
        } else {
          findEmptyEntries(node.get(i), at, root, out);
        }
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        findEmptyEntries(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), root, out);
      }
    }
  }

  private static String shotAt(JsonNode root, String path) {
    if (!path.startsWith("shots[")) {
      return null;
    }
    int index = Integer.parseInt(path.substring("shots[".length(), path.indexOf(']')));
    JsonNode id = root.path("shots").path(index).path("id");
    return id.isTextual() && !id.asText().isBlank() ? InputLimits.echo(id.asText()) : null;
  }

  /** {@code shots[1].start_frame.colour} from Jackson's reference chain. */
  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** The id of the shot a path points into, when the document gives one. */
  private static String shotOf(JsonNode tree, List<JsonMappingException.Reference> refs) {
    if (refs.size() < 2 || !"shots".equals(refs.get(0).getFieldName()) || refs.get(1).getIndex() < 0) {
      return null;
    }
    return shotAt(tree, "shots[" + refs.get(1).getIndex() + "]");
  }
}

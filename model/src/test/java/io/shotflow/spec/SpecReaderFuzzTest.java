package io.shotflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shotflow.provider.RateCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile documents for the spec reader and validator: random bytes, valid specs with bytes flipped, and valid specs
 * with values swapped for hostile ones (huge exponents, long and unstorable text, deep nesting, wrong types). Whatever
 * comes in, {@link StoryboardSpecParser} and {@link SpecValidator} answer within a second with a spec, a list of
 * problems or a {@link SpecValidationException}, never another exception; and a spec they accept is within every
 * limit of {@link InputLimits}, so nothing after them meets a value it cannot store or format.
 */
class SpecReaderFuzzTest {

  private static final Duration TIME_PER_DOCUMENT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<JsonNode> SEEDS = seeds();

  private final StoryboardSpecParser parser = new StoryboardSpecParser();

  @Example
  void everySeedIsAValidSpec() {
    for (JsonNode seed : SEEDS) {
      StoryboardSpec spec = parser.parse(seed.toString().getBytes(StandardCharsets.UTF_8), false);
      assertEquals(List.of(), SpecValidator.validate(spec, true, RateCard.defaults()), seed.toString());
    }
  }

  @Property(tries = 300)
  void randomBytesAreRefusedCleanly(@ForAll @Size(max = 2000) byte[] bytes, @ForAll boolean yaml) {
    read(bytes, yaml);
  }

  @Property(tries = 300)
  void specsWithBytesChangedAreRefusedCleanlyOrAcceptedWithinLimits(@ForAll("seedBytes") byte[] seed,
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 1_000_000) Integer> at,
      @ForAll @Size(min = 8, max = 8) byte[] values, @ForAll boolean yaml) {
    byte[] bytes = seed.clone();
    for (int i = 0; i < at.size(); i++) {
      bytes[at.get(i) % bytes.length] = values[i];
    }
    read(bytes, yaml);
  }

  @Property(tries = 1000)
  void specsWithHostileValuesAreRefusedCleanlyOrAcceptedWithinLimits(@ForAll("hostileSpecs") byte[] document,
      @ForAll boolean yaml) {
    read(document, yaml);
  }

  /** Reads and validates {@code bytes} as the API does, then as the CLI does (file references allowed). */
  private void read(byte[] bytes, boolean yaml) {
    String outcome = assertTimeoutPreemptively(TIME_PER_DOCUMENT, () -> {
      StoryboardSpec spec;
      try {
        spec = parser.parse(bytes, yaml);
      } catch (SpecValidationException refused) {
        assertFalse(refused.errors().isEmpty());
        return "refused by the reader";
      }
      List<SpecError> overHttp = SpecValidator.validate(spec, false, RateCard.defaults());
      List<SpecError> fromTheCli = SpecValidator.validate(spec, true, null);
      for (SpecError error : overHttp) {
        assertTrue(error.message().length() < 1000, error.message());
      }
      if (overHttp.isEmpty() || fromTheCli.isEmpty()) {
        assertWithinLimits(spec);
        return "accepted";
      }
      return "refused by the validator";
    });
    Statistics.collect(outcome);
  }

  private static void assertWithinLimits(StoryboardSpec spec) {
    assertTrue(spec.title().length() <= InputLimits.MAX_TITLE_CHARS);
    assertTrue(InputLimits.text(spec.title(), InputLimits.MAX_TITLE_CHARS).isEmpty());
    assertTrue(spec.budgetUsd() == null || InputLimits.money(spec.budgetUsd()).isEmpty(), String.valueOf(spec.budgetUsd()));
    assertTrue(spec.shots().size() <= InputLimits.MAX_SHOTS);
    for (ShotSpec shot : spec.shots()) {
      assertTrue(InputLimits.text(shot.prompt(), InputLimits.MAX_PROMPT_CHARS).isEmpty());
      assertTrue(InputLimits.text(shot.negativePrompt(), InputLimits.MAX_PROMPT_CHARS).isEmpty());
      assertTrue(shot.extend().size() <= InputLimits.MAX_EXTEND_STEPS);
      shot.extend().forEach(step -> assertTrue(InputLimits.text(step.prompt(), InputLimits.MAX_PROMPT_CHARS).isEmpty()));
      if (shot.dialogue() != null && shot.dialogue().voiceSpeed() != null) {
        assertTrue(InputLimits.decimal(shot.dialogue().voiceSpeed(), 1, 6).isEmpty());
      }
    }
    assertTrue(spec.review().deadline().compareTo(InputLimits.MAX_REVIEW_DEADLINE) <= 0);
    // what the API does next with an accepted spec: estimate it and write the budget out
    CostEstimator.estimate(spec, RateCard.defaults()).totalUsd().toPlainString();
    if (spec.budgetUsd() != null) {
      assertTrue(spec.budgetUsd().toPlainString().length() < 100);
    }
  }

  @Provide
  Arbitrary<byte[]> seedBytes() {
    return Arbitraries.of(SEEDS).map(seed -> seed.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A seed spec with one to four of its values replaced, fields removed or fields added, written as JSON or YAML. */
  @Provide
  Arbitrary<byte[]> hostileSpecs() {
    Arbitrary<Mutation> mutation = Combinators.combine(
        Arbitraries.integers().between(0, 10_000),
        // mostly a known field, so that most documents get past the reader to the rules
        Arbitraries.frequency(Tuple.of(1, Mutation.Kind.REPLACE), Tuple.of(5, Mutation.Kind.REPLACE_FIELD),
            Tuple.of(1, Mutation.Kind.REMOVE), Tuple.of(1, Mutation.Kind.ADD)),
        hostileValues(),
        Arbitraries.of("title", "budget_usd", "prompt", "negative_prompt", "extend", "voice_speed", "deadline",
            "shots", "fallback_providers", "colour", "id", "from", "image", "audio", "text", "voice_id"))
        .as(Mutation::new);
    return Combinators.combine(Arbitraries.of(SEEDS), mutation.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
        .as((seed, mutations, asYaml) -> {
          JsonNode tree = seed.deepCopy();
          mutations.forEach(m -> m.apply(tree));
          try {
            return (asYaml ? YAML : JSON).writeValueAsBytes(tree);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static Arbitrary<JsonNode> hostileValues() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    Arbitrary<JsonNode> numbers = Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "0e999999999", "1e11",
            "99999999.9999", "100000000", "1.23456789", "-0.01", "0.8", "2.0000001", "5", "10", "2147483648")
        .map(text -> nodes.numberNode(new BigDecimal(text)));
    Arbitrary<JsonNode> anyDecimal = Arbitraries.bigDecimals().map(nodes::numberNode);
    Arbitrary<JsonNode> bigInteger = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(90).negate(), BigInteger.TEN.pow(90))
        .map(nodes::numberNode);
    Arbitrary<JsonNode> ints = Arbitraries.integers().map(nodes::numberNode);
    Arbitrary<JsonNode> anyText = Arbitraries.strings().all().ofMaxLength(300).map(nodes::textNode);
    Arbitrary<JsonNode> longText = Arbitraries.of(1, 40, 41, 120, 121, 499, 500, 501, 2047, 2048, 2049, 2500, 2501, 3000, 70_000)
        .map(n -> nodes.textNode("a".repeat(n)));
    Arbitrary<JsonNode> knownText = Arbitraries.of("kling", "fal", "sync", "local", "kling-v1.6", "master", "standard",
            "PT24H", "P366D", "PT0S", "P9999999999D", "asset:x.png", "asset:../x.png", "file:../../etc/passwd",
            "http://[::1]/a.png", "https://example.com/a.jpg", "https://", "reveal", "a", "", " ", "\u0000",
            "\ud800", "a\udc00b", "\uD83C\uDF19", "Café", "*a", "!!binary aGVsbG8=", "{{}}", "${jndi:ldap://x}")
        .map(nodes::textNode);
    Arbitrary<JsonNode> structure = Arbitraries.of(0, 1, 2, 3, 31, 40).map(depth -> {
      JsonNode node = depth % 2 == 0 ? nodes.objectNode() : nodes.arrayNode();
      for (int i = 0; i < depth; i++) {
        node = nodes.arrayNode().add(node);
      }
      return node;
    });
    Arbitrary<JsonNode> scalars = Arbitraries.of(nodes.nullNode(), nodes.booleanNode(true), nodes.booleanNode(false));
    Arbitrary<JsonNode> manyShots = Arbitraries.of(0, 1, 199, 200, 201, 2000).map(n -> {
      ArrayNode shots = nodes.arrayNode();
      for (int i = 0; i < n; i++) {
        shots.addObject().put("id", "s" + i).put("prompt", "p").putObject("start_frame").put("prompt", "x");
      }
      return shots;
    });
    return Arbitraries.oneOf(numbers, anyDecimal, bigInteger, ints, anyText, longText, knownText, structure, scalars,
        manyShots);
  }

  /** One change to a spec tree: at the {@code target}-th node in document order, or at the field {@code name}. */
  private record Mutation(int target, Kind kind, JsonNode value, String name) {
    enum Kind { REPLACE, REPLACE_FIELD, REMOVE, ADD }

    void apply(JsonNode root) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode at = containers.get(target % containers.size());
      if (at instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() ? name : names.get(target % names.size());
        switch (kind) {
          case REPLACE -> object.set(field, value);
          case REPLACE_FIELD -> {
            if (object.has(name)) {
              object.set(name, value);
            } else {
              object.set(field, value);
            }
          }
          case REMOVE -> object.remove(field);
          case ADD -> object.set(name, value);
        }
      } else if (at instanceof ArrayNode array) {
        int index = array.isEmpty() ? 0 : target % array.size();
        switch (kind) {
          case REMOVE -> {
            if (!array.isEmpty()) {
              array.remove(index);
            }
          }
          case ADD -> array.insert(index, value);
          default -> {
            if (array.isEmpty()) {
              array.add(value);
            } else {
              array.set(index, value);
            }
          }
        }
      }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
      if (node.isContainerNode()) {
        out.add(node);
        Iterator<JsonNode> children = node.elements();
        children.forEachRemaining(child -> collect(child, out));
      }
    }
  }

  /** The examples, plus specs that reach Kling, fallbacks, dialogue text and native extend. */
  private static List<JsonNode> seeds() {
    List<JsonNode> seeds = new ArrayList<>();
    try {
      for (String example : List.of("watch-reveal.yaml", "single-shot.yaml", "dialogue-text.yaml")) {
        seeds.add(YAML.readTree(Files.readString(Path.of("..", "examples", example))));
      }
      for (String yaml : List.of("""
          title: Kling with fallbacks
          provider: kling
          fallback_providers: [fal, wavespeed]
          budget_usd: 40
          review: {keyframes: auto, clips: required, deadline: PT2H, on_deadline: auto_approve}
          shots:
            - id: a
              prompt: p
              negative_prompt: n
              start_frame: {prompt: x}
              end_frame: {prompt: y}
              dialogue: {text: hello, voice_id: en_AOT, voice_speed: 1.2}
            - {id: b, prompt: q, duration: 10, start_frame: {from: a}, extend: [{prompt: e}]}
          """, """
          title: Native extend
          provider: kling
          model: kling-v1.6
          tier: standard
          budget_usd: 20
          shots:
            - {id: a, prompt: p, start_frame: {image: "asset:k.png"}, extend: [{prompt: e1}, {prompt: e2}],
               dialogue: {audio: "https://example.com/line.wav", lip_sync: {provider: sync}}}
          """)) {
        seeds.add(YAML.readTree(yaml));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seeds;
  }
}

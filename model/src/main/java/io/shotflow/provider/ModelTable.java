package io.shotflow.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shotflow.provider.Capabilities.ImageLimits;
import io.shotflow.provider.Capabilities.Prices;
import io.shotflow.provider.Capabilities.Units;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The models file ({@code io/shotflow/provider/models.yaml}, its format described at its top) read and checked: every
 * provider, every video entry per provider × model × tier and every lip-sync step. {@link #parse} refuses a file with
 * any mistake, naming the entry and the field ({@code video[3] fal kling-v3 pro: price.clip: ...}), so a bad edit
 * stops the process at start instead of mispricing a storyboard.
 */
public record ModelTable(List<String> tiers, List<String> providers, Set<String> keyframesPerMegapixel,
    List<Capabilities> video, List<LipSyncCapabilities> lipSync) {

  /** Where the catalog's table lives on the classpath. */
  public static final String RESOURCE = "/io/shotflow/provider/models.yaml";

  /** Decimals read exactly as written ("2.80" stays 2.80), as the rate card's prices always were. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  private static final Set<String> TOP = Set.of("tiers", "providers", "image_limits", "video", "lip_sync");
  private static final Set<String> ENTRY = Set.of("provider", "model", "tiers", "endpoint", "end_frame_endpoint",
      "keyframes", "image_to_video", "durations", "resolution", "end_frame", "native_extend", "reference_images",
      "references_with_end_frame", "native_audio", "audio_with_end_frame", "voice_control", "prompt_chars", "image_limits", "price", "units");
  private static final Set<String> PRICE = Set.of("keyframe", "clip", "extend", "audio", "voice");
  private static final Set<String> UNITS = Set.of("clip", "extend", "audio", "voice");
  private static final Set<String> LIMITS = Set.of("min_side_px", "max_bytes", "min_aspect", "max_aspect", "formats");
  private static final Set<String> LIP_SYNC = Set.of("provider", "model", "audio_seconds", "audio_max_bytes",
      "video_seconds", "audio_formats", "price_per_unit", "unit_seconds", "from_text");

  public ModelTable {
    tiers = List.copyOf(tiers);
    providers = List.copyOf(providers);
    keyframesPerMegapixel = Set.copyOf(keyframesPerMegapixel);
    video = List.copyOf(video);
    lipSync = List.copyOf(lipSync);
  }

  /** The catalog's own table; throws {@link IllegalStateException} naming the mistake when it is not valid. */
  static ModelTable builtIn() {
    try (InputStream in = ModelTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return parse(in, "models.yaml");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Reads and checks a models file; throws {@link IllegalArgumentException} naming the file, entry and field. */
  public static ModelTable parse(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage(), e);
    }
    return new Reader(source).read(root);
  }

  /** One pass over the file; {@code at} names where the value being read is, for the error message. */
  private static final class Reader {
    private final String source;
    private final Map<String, ImageLimits> limits = new HashMap<>();
    private List<String> tiers;
    private List<String> providers;

    Reader(String source) {
      this.source = source;
    }

    ModelTable read(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw fail("", "the file must be a mapping with tiers, providers, image_limits, video and lip_sync");
      }
      known(root, TOP, "");
      tiers = strings(require(root, "tiers", ""), "tiers");
      Set<String> perMegapixel = new LinkedHashSet<>();
      providers = new ArrayList<>();
      JsonNode providerNodes = require(root, "providers", "");
      if (!providerNodes.isObject() || providerNodes.isEmpty()) {
        throw fail("providers", "must map each provider name to its settings");
      }
      providerNodes.fields().forEachRemaining(p -> {
        providers.add(p.getKey());
        String at = "providers." + p.getKey();
        known(p.getValue(), Set.of("keyframe_billing"), at);
        String billing = text(require(p.getValue(), "keyframe_billing", at), at + ".keyframe_billing");
        switch (billing) {
          case "per_megapixel" -> perMegapixel.add(p.getKey());
          case "per_image" -> { }
          default -> throw fail(at + ".keyframe_billing", "must be per_image or per_megapixel, not '" + billing + "'");
        }
      });
      JsonNode limitNodes = require(root, "image_limits", "");
      limitNodes.fields().forEachRemaining(l -> limits.put(l.getKey(), imageLimits(l.getValue(), "image_limits." + l.getKey())));

      List<Capabilities> video = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      JsonNode entries = list(require(root, "video", ""), "video");
      for (int i = 0; i < entries.size(); i++) {
        for (Capabilities c : entry(entries.get(i), "video[" + i + "]")) {
          if (!seen.add(c.provider() + " " + c.model() + " " + c.tier())) {
            throw fail("video[" + i + "]", c.provider() + " " + c.model() + " " + c.tier() + " is declared twice");
          }
          video.add(c);
        }
      }
      List<LipSyncCapabilities> lipSync = new ArrayList<>();
      JsonNode lipSyncNodes = list(require(root, "lip_sync", ""), "lip_sync");
      for (int i = 0; i < lipSyncNodes.size(); i++) {
        LipSyncCapabilities l = lipSync(lipSyncNodes.get(i), "lip_sync[" + i + "]");
        if (lipSync.stream().anyMatch(o -> o.provider().equals(l.provider()))) {
          throw fail("lip_sync[" + i + "]", l.provider() + " has a lip-sync step already");
        }
        lipSync.add(l);
      }
      return new ModelTable(tiers, providers, perMegapixel, video, lipSync);
    }

    /** One provider × model: a {@link Capabilities} per tier, the tier's fields over the entry's. */
    private List<Capabilities> entry(JsonNode node, String at) {
      if (!node.isObject()) {
        throw fail(at, "must be a mapping");
      }
      String provider = text(require(node, "provider", at), at + ".provider");
      if (!providers.contains(provider)) {
        throw fail(at + ".provider", "'" + provider + "' is not under providers (" + String.join(", ", providers) + ")");
      }
      String model = text(require(node, "model", at), at + ".model");
      String name = at + " " + provider + " " + model;
      known(node, ENTRY, name);
      JsonNode tierNodes = require(node, "tiers", name);
      if (!tierNodes.isObject() || tierNodes.isEmpty()) {
        throw fail(name + ": tiers", "must map at least one tier to its fields");
      }
      List<Capabilities> out = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = tierNodes.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> t = it.next();
        String tierAt = name + " " + t.getKey();
        if (!tiers.contains(t.getKey())) {
          throw fail(name + ": tiers." + t.getKey(), "not a tier (" + String.join(", ", tiers) + ")");
        }
        if (!t.getValue().isObject()) {
          throw fail(tierAt, "must be a mapping");
        }
        known(t.getValue(), ENTRY, tierAt);
        ObjectNode merged = ((ObjectNode) node).deepCopy();
        merged.remove("tiers");
        t.getValue().fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
        out.add(capabilities(merged, provider, model, t.getKey(), tierAt + ": "));
      }
      return out;
    }

    private Capabilities capabilities(JsonNode n, String provider, String model, String tier, String at) {
      Set<Integer> durations = durations(require(n, "durations", at), at + "durations");
      String resolution = text(require(n, "resolution", at), at + "resolution");
      boolean endFrame = bool(n, "end_frame", false, at);
      boolean nativeExtend = bool(n, "native_extend", false, at);
      boolean nativeAudio = bool(n, "native_audio", false, at);
      boolean audioWithEndFrame = bool(n, "audio_with_end_frame", nativeAudio, at);
      if (audioWithEndFrame && !nativeAudio) {
        throw fail(at + "audio_with_end_frame", "needs native_audio: true");
      }
      boolean voiceControl = bool(n, "voice_control", false, at);
      if (voiceControl && !nativeAudio) {
        throw fail(at + "voice_control", "needs native_audio: true");
      }
      int references = count(n, "reference_images", 0, 0, at);
      int referencesWithEndFrame = count(n, "references_with_end_frame", references, 0, at);
      if (referencesWithEndFrame > references) {
        throw fail(at + "references_with_end_frame", "more than reference_images (" + references + ")");
      }
      if (n.has("references_with_end_frame") && !endFrame) {
        throw fail(at + "references_with_end_frame", "given, but end_frame is not true");
      }
      require(n, "prompt_chars", at);
      int promptChars = count(n, "prompt_chars", 0, 1, at);
      String limitName = text(require(n, "image_limits", at), at + "image_limits");
      ImageLimits imageLimits = limits.get(limitName);
      if (imageLimits == null) {
        throw fail(at + "image_limits", "'" + limitName + "' is not under image_limits");
      }
      String endpoint = n.has("endpoint") ? text(n.get("endpoint"), at + "endpoint") : null;
      if (endpoint == null && !ProviderCatalog.LOCAL.equals(provider)) {
        throw fail(at + "endpoint", "required: the provider's name for " + model + " " + tier);
      }
      String endFrameEndpoint = n.has("end_frame_endpoint") ? text(n.get("end_frame_endpoint"), at + "end_frame_endpoint") : null;
      if (endFrameEndpoint != null && !endFrame) {
        throw fail(at + "end_frame_endpoint", "given, but end_frame is not true");
      }

      JsonNode price = require(n, "price", at);
      known(price, PRICE, at + "price");
      BigDecimal keyframe = amount(require(price, "keyframe", at + "price"), at + "price.keyframe");
      Rate clip = rate(require(price, "clip", at + "price"), durations, at + "price.clip");
      Rate extend = price.has("extend") ? rate(price.get("extend"), durations, at + "price.extend") : clip;
      Rate audio = optionalRate(price, "audio", nativeAudio, "native_audio", durations, at + "price.");
      Rate voice = optionalRate(price, "voice", voiceControl, "voice_control", durations, at + "price.");

      Units units = null;
      if (n.has("units")) {
        JsonNode u = n.get("units");
        known(u, UNITS, at + "units");
        Rate clipUnits = rate(require(u, "clip", at + "units"), durations, at + "units.clip");
        units = new Units(clipUnits,
            u.has("extend") ? rate(u.get("extend"), durations, at + "units.extend") : clipUnits,
            optionalRate(u, "audio", nativeAudio, "native_audio", durations, at + "units."),
            optionalRate(u, "voice", voiceControl, "voice_control", durations, at + "units."));
      } else if (ProviderCatalog.KLING.equals(provider)) {
        throw fail(at + "units", "required for Kling: the units its price list deducts");
      }
      return new Capabilities(provider, model, tier, bool(n, "keyframes", true, at), bool(n, "image_to_video", true, at),
          endFrame, nativeExtend, durations, resolution, imageLimits, new Prices(keyframe, clip, extend, audio, voice),
          promptChars, references, referencesWithEndFrame, nativeAudio, audioWithEndFrame, voiceControl, endpoint, endFrameEndpoint, units);
    }

    private LipSyncCapabilities lipSync(JsonNode n, String at) {
      if (!n.isObject()) {
        throw fail(at, "must be a mapping");
      }
      known(n, LIP_SYNC, at);
      String provider = text(require(n, "provider", at), at + ".provider");
      if (!providers.contains(provider)) {
        throw fail(at + ".provider", "'" + provider + "' is not under providers (" + String.join(", ", providers) + ")");
      }
      String name = at + " " + provider + ": ";
      double[] audio = range(require(n, "audio_seconds", name), name + "audio_seconds");
      double[] video = range(require(n, "video_seconds", name), name + "video_seconds");
      long maxBytes = require(n, "audio_max_bytes", name).asLong(-1);
      if (!n.get("audio_max_bytes").canConvertToLong() || maxBytes <= 0) {
        throw fail(name + "audio_max_bytes", "must be a whole number of bytes above 0");
      }
      Set<String> formats = new TreeSet<>(strings(require(n, "audio_formats", name), name + "audio_formats"));
      int unitSeconds = count(n, "unit_seconds", 0, 1, name);
      if (!n.has("unit_seconds")) {
        throw fail(name + "unit_seconds", "required");
      }
      if (!n.has("from_text") || !n.get("from_text").isBoolean()) {
        throw fail(name + "from_text", "required: true or false");
      }
      return new LipSyncCapabilities(provider, text(require(n, "model", name), name + "model"), audio[0], audio[1],
          maxBytes, video[0], video[1], formats, amount(require(n, "price_per_unit", name), name + "price_per_unit"),
          unitSeconds, n.get("from_text").asBoolean());
    }

    private ImageLimits imageLimits(JsonNode n, String at) {
      known(n, LIMITS, at);
      int minSide = count(n, "min_side_px", 0, 1, at + ".");
      JsonNode maxBytes = require(n, "max_bytes", at);
      if (!maxBytes.canConvertToLong() || maxBytes.asLong() <= 0) {
        throw fail(at + ".max_bytes", "must be a whole number of bytes above 0");
      }
      double min = number(require(n, "min_aspect", at), at + ".min_aspect");
      double max = number(require(n, "max_aspect", at), at + ".max_aspect");
      if (min <= 0 || min > max) {
        throw fail(at + ".min_aspect", "must be above 0 and at most max_aspect");
      }
      return new ImageLimits(minSide, maxBytes.asLong(), min, max,
          Set.copyOf(strings(require(n, "formats", at), at + ".formats")));
    }

    /** {@code [5, 10]} or {@code {min: 3, max: 15, step: 1}}. */
    private Set<Integer> durations(JsonNode n, String at) {
      Set<Integer> out = new TreeSet<>();
      if (n.isArray()) {
        for (JsonNode d : n) {
          if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() <= 0) {
            throw fail(at, "every duration must be a whole number of seconds above 0, not '" + d.asText() + "'");
          }
          out.add(d.asInt());
        }
      } else if (n.isObject()) {
        known(n, Set.of("min", "max", "step"), at);
        int min = count(n, "min", 0, 1, at + ".");
        int max = count(n, "max", 0, 1, at + ".");
        int step = count(n, "step", 1, 1, at + ".");
        if (!n.has("min") || !n.has("max")) {
          throw fail(at, "a range needs min and max");
        }
        if (min > max) {
          throw fail(at, "min " + min + " is above max " + max);
        }
        for (int s = min; s <= max; s += step) {
          out.add(s);
        }
      } else {
        throw fail(at, "must be a list of seconds or a range {min, max, step}");
      }
      if (out.isEmpty()) {
        throw fail(at, "must allow at least one duration");
      }
      return out;
    }

    /** {@code {5: 0.28, 10: 0.56}} (covering every duration) or {@code {per_second: 0.224}}. */
    private Rate rate(JsonNode n, Set<Integer> durations, String at) {
      if (!n.isObject() || n.isEmpty()) {
        throw fail(at, "must be {<seconds>: <amount>, ...} or {per_second: <amount>}");
      }
      if (n.has("per_second")) {
        if (n.size() != 1) {
          throw fail(at, "per_second goes alone, without per-clip amounts");
        }
        return Rate.perSecond(amount(n.get("per_second"), at + ".per_second"));
      }
      TreeMap<Integer, BigDecimal> table = new TreeMap<>();
      n.fields().forEachRemaining(f -> {
        int seconds;
        try {
          seconds = Integer.parseInt(f.getKey());
        } catch (NumberFormatException e) {
          throw fail(at + "." + f.getKey(), "not a clip length in seconds (or per_second)");
        }
        table.put(seconds, amount(f.getValue(), at + "." + f.getKey()));
      });
      for (int d : durations) {
        if (!table.containsKey(d)) {
          throw fail(at, "no amount for " + d + " s clips, which durations allows");
        }
      }
      for (int d : table.keySet()) {
        if (!durations.contains(d)) {
          throw fail(at + "." + d, d + " s is not one of the entry's durations " + durations);
        }
      }
      return Rate.perClip(table);
    }

    private Rate optionalRate(JsonNode parent, String field, boolean needed, String flag, Set<Integer> durations, String at) {
      if (parent.has(field) != needed) {
        throw fail(at + field, needed ? "required: the entry declares " + flag : "given, but " + flag + " is not true");
      }
      return needed ? rate(parent.get(field), durations, at + field) : null;
    }

    private BigDecimal amount(JsonNode n, String at) {
      if (!n.isNumber()) {
        throw fail(at, "must be a number, not '" + n.asText() + "'");
      }
      BigDecimal value = n.decimalValue();
      if (value.signum() < 0) {
        throw fail(at, "must be 0 or more, not " + value.toPlainString());
      }
      return value;
    }

    private double[] range(JsonNode n, String at) {
      if (!n.isArray() || n.size() != 2 || !n.get(0).isNumber() || !n.get(1).isNumber()
          || n.get(0).asDouble() <= 0 || n.get(0).asDouble() > n.get(1).asDouble()) {
        throw fail(at, "must be [min, max] seconds, 0 < min <= max");
      }
      return new double[] {n.get(0).asDouble(), n.get(1).asDouble()};
    }

    private double number(JsonNode n, String at) {
      if (!n.isNumber()) {
        throw fail(at, "must be a number, not '" + n.asText() + "'");
      }
      return n.asDouble();
    }

    private int count(JsonNode parent, String field, int absent, int min, String at) {
      if (parent == null || !parent.has(field)) {
        return absent;
      }
      JsonNode n = parent.get(field);
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min) {
        throw fail(at + field, "must be a whole number of at least " + min + ", not '" + n.asText() + "'");
      }
      return n.asInt();
    }

    private boolean bool(JsonNode n, String field, boolean absent, String at) {
      if (!n.has(field)) {
        return absent;
      }
      if (!n.get(field).isBoolean()) {
        throw fail(at + field, "must be true or false, not '" + n.get(field).asText() + "'");
      }
      return n.get(field).asBoolean();
    }

    private String text(JsonNode n, String at) {
      if (!n.isTextual() || n.asText().isBlank()) {
        throw fail(at, "must be a non-empty string");
      }
      return n.asText();
    }

    private List<String> strings(JsonNode n, String at) {
      if (!n.isArray() || n.isEmpty()) {
        throw fail(at, "must be a non-empty list");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode s : n) {
        out.add(text(s, at));
      }
      return out;
    }

    private JsonNode list(JsonNode n, String at) {
      if (!n.isArray()) {
        throw fail(at, "must be a list");
      }
      return n;
    }

    private JsonNode require(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw fail(join(at, field), "required");
      }
      return n;
    }

    private void known(JsonNode n, Set<String> fields, String at) {
      if (!n.isObject()) {
        throw fail(at, "must be a mapping");
      }
      n.fieldNames().forEachRemaining(f -> {
        if (!fields.contains(f)) {
          throw fail(join(at, f), "unknown field (known: " + String.join(", ", new TreeSet<>(fields)) + ")");
        }
      });
    }

    private static String join(String at, String field) {
      if (at.isEmpty()) {
        return field;
      }
      return at.endsWith(": ") || at.endsWith(".") ? at + field : at + ": " + field;
    }

    private IllegalArgumentException fail(String at, String message) {
      return new IllegalArgumentException(source + ": " + (at.isEmpty() ? "" : at + ": ") + message);
    }
  }

  /** The entries in file order, keyed provider|model|tier. */
  Map<String, Capabilities> videoByKey() {
    Map<String, Capabilities> out = new LinkedHashMap<>();
    video.forEach(c -> out.put(c.provider() + "|" + c.model() + "|" + c.tier(), c));
    return out;
  }
}

package io.shotflow.spec;

import io.shotflow.provider.Capabilities;
import io.shotflow.provider.LipSyncCapabilities;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spec rules that need no I/O (docs/spec.md, "Validation rules"): required fields, allowed
 * values, ids, continuity order, reference forms, what the chosen provider, model and tier declare
 * ({@link ProviderCatalog}), and the estimated cost against the budget at a {@link RateCard}'s prices. Image size and
 * audio length need the files and are checked where they are read.
 */
public final class SpecValidator {

  private static final Pattern SHOT_ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16", "1:1");
  private static final List<String> RESOLUTIONS = List.of("720p", "1080p");
  private static final List<Integer> FPS = List.of(24, 25, 30);
  private static final List<String> GATES = ReviewGate.spellings();
  private static final List<String> ON_DEADLINE = DeadlinePolicy.spellings();
  /** The longest clip any model in the catalog makes: the bound on a duration when the model itself is not known. */
  private static final int LONGEST_CLIP = ProviderCatalog.table().video().stream()
      .mapToInt(c -> c.durations().stream().mapToInt(Integer::intValue).max().orElse(0)).max().orElse(0);
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png");
  private static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "mp3", "m4a", "aac");
  private static final int NATIVE_EXTEND_SECONDS = 5;
  private static final int NATIVE_EXTEND_MAX_SECONDS = 180;
  private static final int MAX_CHARACTERS = 20;
  private static final List<String> AUDIO_MODES = List.of(ShotSpec.NATIVE_AUDIO);

  private SpecValidator() {}

  /** Throws {@link SpecValidationException} listing every problem; returns the spec when it has none. */
  public static StoryboardSpec requireValid(StoryboardSpec spec, boolean allowFileRefs) {
    List<SpecError> errors = validate(spec, allowFileRefs);
    if (!errors.isEmpty()) {
      throw new SpecValidationException(errors);
    }
    return spec;
  }

  /**
   * Every problem with the spec, in document order. {@code allowFileRefs} is true for the CLI (which uploads
   * {@code file:} references before submitting) and false over HTTP.
   */
  public static List<SpecError> validate(StoryboardSpec spec, boolean allowFileRefs) {
    return validate(spec, allowFileRefs, RateCard.defaults());
  }

  /**
   * As {@link #validate(StoryboardSpec, boolean)} at {@code card}'s prices. A null card means the prices are not known
   * here (a client that submits to a server with its own rate card): the budget is still required for paid providers
   * (by the catalog's prices), but the estimate is left to the server.
   */
  public static List<SpecError> validate(StoryboardSpec spec, boolean allowFileRefs, RateCard card) {
    return new Run(spec, allowFileRefs, card).validate();
  }

  /** The longest prompt a storyboard's shots and reviews may send, and the model (and provider) that sets it. */
  public record PromptLimit(int maxChars, String of) {}

  /**
   * The prompt limit of {@code spec}: the tightest over every model it uses ({@link StoryboardSpec#models()}), since a
   * review may revise any shot's prompt; {@link InputLimits#MAX_PROMPT_CHARS} when none is known.
   */
  public static PromptLimit promptLimit(StoryboardSpec spec) {
    return spec.models().stream().map(m -> promptLimit(spec, m)).min(Comparator.comparingInt(PromptLimit::maxChars))
        .orElse(new PromptLimit(InputLimits.MAX_PROMPT_CHARS, "any model"));
  }

  /**
   * The prompt limit of {@code model} in {@code spec}: the tightest of its provider's and of every fallback that
   * offers the model, since any of them may be sent the prompt.
   */
  public static PromptLimit promptLimit(StoryboardSpec spec, String model) {
    Optional<Capabilities> own = ProviderCatalog.find(spec.provider(), model, spec.tier());
    List<Capabilities> callable = new ArrayList<>();
    own.ifPresent(callable::add);
    if (spec.fallbackProviders().size() <= ProviderCatalog.providers().size()) {
      spec.fallbackProviders().forEach(p -> ProviderCatalog.find(p, model, spec.tier()).ifPresent(callable::add));
    }
    return callable.stream().min(Comparator.comparingInt(Capabilities::maxPromptChars))
        .map(c -> new PromptLimit(c.maxPromptChars(), describe(c) + (c.provider().equals(spec.provider()) ? "" : " (a fallback)")))
        .orElse(new PromptLimit(InputLimits.MAX_PROMPT_CHARS, "any model"));
  }

  private static final class Run {
    private final StoryboardSpec spec;
    private final boolean allowFileRefs;
    private final RateCard card;
    private final List<SpecError> errors = new ArrayList<>();
    /** What the storyboard's provider declares for the storyboard's model and tier (null: not known). */
    private Capabilities boardCaps;
    /** Whether the provider is a known video provider and the tier one of the tiers: a shot's model can be looked up. */
    private boolean modelsCheckable;
    /** The tightest prompt limit over every model the storyboard uses (character references, titles of reviews). */
    private PromptLimit promptLimit;

    Run(StoryboardSpec spec, boolean allowFileRefs, RateCard card) {
      this.spec = spec;
      this.allowFileRefs = allowFileRefs;
      this.card = card;
    }

    List<SpecError> validate() {
      if (spec.title() == null || spec.title().isBlank()) {
        error("title", null, "required");
      } else {
        text("title", null, spec.title(), InputLimits.MAX_TITLE_CHARS);
      }
      oneOf("aspect_ratio", null, spec.aspectRatio(), ASPECT_RATIOS);
      oneOf("resolution", null, spec.resolution(), RESOLUTIONS);
      oneOf("fps", null, spec.fps(), FPS);
      boolean tierOk = oneOf("tier", null, spec.tier(), ProviderCatalog.TIERS);
      providerAndModel(tierOk);
      promptLimit();
      review();
      audio();
      characters();
      shots();
      cycles();
      fallbacks();
      budget();
      return List.copyOf(errors);
    }

    private void providerAndModel(boolean tierOk) {
      String provider = spec.provider();
      if (!ProviderCatalog.isKnown(provider)) {
        error("provider", null, "unknown provider '" + InputLimits.echo(provider) + "' (known: " + String.join(", ", ProviderCatalog.providers()) + ")");
        return;
      }
      List<String> models = ProviderCatalog.models(provider);
      if (models.isEmpty()) {
        error("provider", null, provider + " only does lip-sync; choose a video provider and set dialogue.lip_sync.provider: " + provider);
        return;
      }
      modelsCheckable = tierOk;
      if (!models.contains(spec.model())) {
        error("model", null, provider + " offers " + String.join(", ", models) + ", not '" + InputLimits.echo(spec.model()) + "'");
        return;
      }
      if (tierOk) {
        boardCaps = ProviderCatalog.find(provider, spec.model(), spec.tier()).orElse(null);
        if (boardCaps == null) {
          error("tier", null, provider + " " + spec.model() + " has no tier '" + spec.tier() + "'");
        }
      }
    }

    private void promptLimit() {
      promptLimit = SpecValidator.promptLimit(spec);
    }

    /**
     * A shot's own {@code model}: one its provider offers in the storyboard's tier. Returns what the provider
     * declares for the shot's model (the storyboard's when the shot names none), null when that is not known.
     */
    private Capabilities shotModel(String at, String id, ShotSpec shot) {
      if (shot.model() == null) {
        return boardCaps;
      }
      if (!modelsCheckable) {
        return null;
      }
      List<String> models = ProviderCatalog.models(spec.provider());
      if (!models.contains(shot.model())) {
        error(at + ".model", id, spec.provider() + " offers " + String.join(", ", models) + ", not '"
            + InputLimits.echo(shot.model()) + "'");
        return null;
      }
      Capabilities own = ProviderCatalog.find(spec.provider(), shot.model(), spec.tier()).orElse(null);
      if (own == null) {
        error(at + ".model", id, spec.provider() + " " + shot.model() + " has no tier '" + spec.tier() + "'");
      }
      return own;
    }

    private void review() {
      ReviewPolicy review = spec.review();
      oneOf("review.keyframes", null, review.keyframes(), GATES);
      oneOf("review.clips", null, review.clips(), GATES);
      oneOf("review.lip_sync", null, review.lipSync(), GATES);
      if (review.deadline().isNegative() || review.deadline().isZero()) {
        error("review.deadline", null, "must be a positive ISO-8601 duration such as PT24H");
      } else if (review.deadline().compareTo(InputLimits.MAX_REVIEW_DEADLINE) > 0) {
        error("review.deadline", null, "must be at most P365D (a year)");
      }
      oneOf("review.on_deadline", null, review.onDeadline(), ON_DEADLINE);
    }

    private void audio() {
      BigDecimal loudness = spec.audio() == null ? null : spec.audio().loudness();
      if (loudness != null && (loudness.compareTo(BigDecimal.valueOf(AudioSpec.MIN_LOUDNESS_LUFS)) < 0
          || loudness.compareTo(BigDecimal.valueOf(AudioSpec.MAX_LOUDNESS_LUFS)) > 0)) {
        error("audio.loudness", null, "must be an integrated loudness between " + AudioSpec.MIN_LOUDNESS_LUFS + " and "
            + AudioSpec.MAX_LOUDNESS_LUFS + " LUFS (-16 for the web, -23 for broadcast), got " + loudness.toPlainString());
      }
    }

    /** Ids unique, 1-4 references each (a prompt or an image), an optional voice. */
    private void characters() {
      List<CharacterSpec> characters = spec.characters();
      if (characters.size() > MAX_CHARACTERS) {
        error("characters", null, "at most " + MAX_CHARACTERS + " characters, not " + characters.size());
        return;
      }
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < characters.size(); i++) {
        String at = "characters[" + i + "]";
        CharacterSpec c = characters.get(i);
        if (c.id() == null || c.id().isBlank()) {
          error(at + ".id", null, "required");
        } else if (!SHOT_ID.matcher(c.id()).matches()) {
          error(at + ".id", null, "must match [a-z0-9-]{1,40} (lowercase letters, digits, dashes), not '"
              + InputLimits.echo(c.id()) + "'");
        } else if (!seen.add(c.id())) {
          error(at + ".id", null, "duplicate character id '" + c.id() + "'");
        }
        if (c.name() != null) {
          text(at + ".name", null, c.name(), InputLimits.MAX_TITLE_CHARS);
        }
        if (c.references().isEmpty() || c.references().size() > CharacterSpec.MAX_REFERENCES) {
          error(at + ".references", null, "needs 1 to " + CharacterSpec.MAX_REFERENCES + " reference images, not "
              + c.references().size());
        } else {
          for (int j = 0; j < c.references().size(); j++) {
            characterReference(at + ".references[" + j + "]", c.references().get(j));
          }
        }
        if (c.voiceId() != null) {
          text(at + ".voice_id", null, c.voiceId(), InputLimits.MAX_VOICE_ID_CHARS);
        }
      }
    }

    /** A reference is an image or a prompt to generate one (reviewed once); it cannot wait for a shot. */
    private void characterReference(String at, FrameSpec ref) {
      if (ref.isFrom() || ref.isTo()) {
        error(at + (ref.isFrom() ? ".from" : ".to"), null, "a character reference is an image or a prompt");
        return;
      }
      if ((ref.isPrompt() ? 1 : 0) + (ref.isImage() ? 1 : 0) != 1) {
        error(at, null, "needs exactly one of prompt or image");
      } else if (ref.isPrompt() && ref.prompt().isBlank()) {
        error(at + ".prompt", null, "must not be blank");
      } else if (ref.isPrompt()) {
        prompt(at + ".prompt", null, ref.prompt());
      } else {
        reference(at + ".image", null, ref.image(), IMAGE_EXTENSIONS, "an image");
      }
    }

    /**
     * A shot waits for the last frame of each {@code from} source and for the start keyframe of its
     * {@code end_frame.to} target: an end frame whose target waits, through any chain, for the shot itself never comes.
     * Each such {@code end_frame.to} is named with the cycle.
     */
    private void cycles() {
      List<ShotSpec> shots = spec.shots();
      if (shots == null || shots.size() > InputLimits.MAX_SHOTS) {
        return;
      }
      Map<String, List<String>> waitsFor = new HashMap<>();
      for (ShotSpec shot : shots) {
        if (shot != null && shot.id() != null) {
          waitsFor.putIfAbsent(shot.id(), dependencies(shot));
        }
      }
      for (int i = 0; i < shots.size(); i++) {
        ShotSpec shot = shots.get(i);
        if (shot == null || shot.id() == null || shot.endFrame() == null || !shot.endFrame().isTo()
            || !waitsFor.containsKey(shot.endFrame().to()) || shot.endFrame().to().equals(shot.id())) {
          continue;
        }
        List<String> path = path(waitsFor, shot.endFrame().to(), shot.id());
        if (path != null) {
          error("shots[" + i + "].end_frame.to", shot.id(), "shot " + shot.id() + " would wait for itself: "
              + shot.id() + " → " + String.join(" → ", path) + " (a shot waits for the last frame it starts from and "
              + "for the start keyframe it ends on)");
        }
      }
    }

    private static List<String> dependencies(ShotSpec shot) {
      List<String> deps = new ArrayList<>();
      for (FrameSpec frame : new FrameSpec[] {shot.startFrame(), shot.endFrame()}) {
        if (frame != null && frame.isFrom()) {
          deps.add(frame.from());
        }
        if (frame != null && frame.isTo()) {
          deps.add(frame.to());
        }
      }
      return deps;
    }

    /** The chain of waits from {@code from} to {@code target} (both included), or null when there is none. */
    private static List<String> path(Map<String, List<String>> waitsFor, String from, String target) {
      Map<String, String> cameFrom = new HashMap<>();
      Deque<String> queue = new ArrayDeque<>(List.of(from));
      cameFrom.put(from, null);
      while (!queue.isEmpty()) {
        String at = queue.poll();
        if (at.equals(target)) {
          List<String> chain = new ArrayList<>();
          for (String s = at; s != null; s = cameFrom.get(s)) {
            chain.add(0, s);
          }
          return chain;
        }
        for (String next : waitsFor.getOrDefault(at, List.of())) {
          if (!cameFrom.containsKey(next)) {
            cameFrom.put(next, at);
            queue.add(next);
          }
        }
      }
      return null;
    }

    private void shots() {
      List<ShotSpec> shots = spec.shots();
      if (shots == null || shots.isEmpty()) {
        error("shots", null, "at least one shot is required");
        return;
      }
      if (shots.size() > InputLimits.MAX_SHOTS) {
        error("shots", null, "at most " + InputLimits.MAX_SHOTS + " shots, not " + shots.size());
        return;
      }
      Map<String, Integer> firstIndex = new HashMap<>();
      for (int i = 0; i < shots.size(); i++) {
        ShotSpec shot = shots.get(i);
        if (shot != null && shot.id() != null) {
          firstIndex.putIfAbsent(shot.id(), i);
        }
      }
      for (int i = 0; i < shots.size(); i++) {
        shot(i, shots.get(i), firstIndex);
      }
    }

    private void shot(int i, ShotSpec shot, Map<String, Integer> firstIndex) {
      String at = "shots[" + i + "]";
      if (shot == null) {
        error(at, null, "required");
        return;
      }
      String id = shot.id() == null || shot.id().isBlank() ? null : shot.id();
      if (id == null) {
        error(at + ".id", null, "required");
      } else if (!SHOT_ID.matcher(id).matches()) {
        id = InputLimits.echo(id);
        error(at + ".id", id, "must match [a-z0-9-]{1,40} (lowercase letters, digits, dashes)");
      } else if (firstIndex.get(id) != i) {
        error(at + ".id", id, "duplicate id; shots[" + firstIndex.get(id) + "] already uses it");
      }
      Capabilities caps = shotModel(at, id, shot);
      PromptLimit limit = SpecValidator.promptLimit(spec, spec.modelOf(shot));
      if (shot.prompt() == null || shot.prompt().isBlank()) {
        error(at + ".prompt", id, "required");
      } else {
        prompt(at + ".prompt", id, shot.prompt(), limit);
      }
      if (shot.negativePrompt() != null) {
        prompt(at + ".negative_prompt", id, shot.negativePrompt(), limit);
      }
      duration(at + ".duration", id, shot.duration(), caps);
      if (shot.variants() < 1 || shot.variants() > 4) {
        error(at + ".variants", id, "must be between 1 and 4");
      }
      if (shot.startFrame() == null) {
        error(at + ".start_frame", id, "required");
      } else if (shot.startFrame().isTo()) {
        error(at + ".start_frame.to", id, "to is for end_frame (end on another shot's start keyframe); "
            + "a start frame continues from an earlier shot with from");
      } else {
        frame(at + ".start_frame", i, id, shot.startFrame(), firstIndex, limit);
      }
      if (shot.endFrame() != null) {
        frame(at + ".end_frame", i, id, shot.endFrame(), firstIndex, limit);
        if (caps != null && !caps.endFrame()) {
          error(at + ".end_frame", id, describe(caps) + " takes no end frame" + endFrameTiers(caps));
        }
      }
      if (shot.extend().size() > InputLimits.MAX_EXTEND_STEPS) {
        error(at + ".extend", id, "at most " + InputLimits.MAX_EXTEND_STEPS + " steps, not " + shot.extend().size());
        return;
      }
      for (int j = 0; j < shot.extend().size(); j++) {
        ExtendSpec step = shot.extend().get(j);
        if (step == null || step.prompt() == null || step.prompt().isBlank()) {
          error(at + ".extend[" + j + "].prompt", id, "required");
        } else {
          prompt(at + ".extend[" + j + "].prompt", id, step.prompt(), limit);
        }
      }
      if (caps != null && caps.nativeExtend() && !shot.extend().isEmpty()) {
        nativeExtend(at, id, shot, caps);
      }
      shotCharacters(at, id, shot, caps);
      if (shot.audio() != null && oneOf(at + ".audio", id, shot.audio(), AUDIO_MODES) && caps != null
          && !caps.nativeAudio()) {
        error(at + ".audio", id, describe(caps) + " makes no sound of its own; audio: native needs a model with "
            + "native audio (give dialogue a recording or text for the lip-sync step instead)");
      }
      if (shot.nativeAudio() && shot.endFrame() != null && caps != null && caps.nativeAudio()
          && !caps.audioWithEndFrame()) {
        error(at + ".audio", id, describe(caps) + " makes no sound in a clip with an end frame; drop end_frame or "
            + "audio: native");
      }
      if (shot.dialogue() != null && shot.nativeAudio()) {
        nativeDialogue(at + ".dialogue", id, shot);
      } else if (shot.dialogue() != null) {
        dialogue(at + ".dialogue", id, shot, caps);
      }
    }

    /** Each named character exists, once; the model takes references, and as many as the shot's characters have. */
    private void shotCharacters(String at, String id, ShotSpec shot, Capabilities caps) {
      if (shot.characters().isEmpty()) {
        return;
      }
      Set<String> named = new java.util.HashSet<>();
      int references = 0;
      for (int j = 0; j < shot.characters().size(); j++) {
        String c = shot.characters().get(j);
        String field = at + ".characters[" + j + "]";
        java.util.Optional<CharacterSpec> character = spec.characters().stream()
            .filter(ch -> ch.id() != null && ch.id().equals(c)).findFirst();
        if (character.isEmpty()) {
          error(field, id, "names no character: '" + InputLimits.echo(c) + "'"
              + (spec.characters().isEmpty() ? " (the storyboard has no characters)" : ""));
        } else if (!named.add(c)) {
          error(field, id, "names character '" + c + "' twice");
        } else {
          references += character.get().references().size();
        }
      }
      if (caps == null) {
        return;
      }
      int takes = caps.referenceImages();
      if (takes == 0) {
        error(at + ".characters", id, describe(caps) + " takes no reference images; a shot with characters needs a "
            + "model that does (elements, reference-to-video or multi-image)");
      } else if (references > takes) {
        error(at + ".characters", id, describe(caps) + " takes at most " + takes + " reference images; this shot's "
            + "characters have " + references);
      } else if (shot.endFrame() != null && references > caps.referenceImagesWithEndFrame()) {
        error(at + ".characters", id, describe(caps) + " takes at most " + caps.referenceImagesWithEndFrame()
            + " reference images in a request with an end frame; this shot's characters have " + references
            + " (drop end_frame or the characters)");
      }
    }

    /** The model speaks {@code dialogue.text} itself: no recording, no lip-sync provider; the voice may be the character's. */
    private void nativeDialogue(String at, String shotId, ShotSpec shot) {
      DialogueSpec dialogue = shot.dialogue();
      if (dialogue.audio() != null) {
        error(at + ".audio", shotId, "a recording is lip-synced; with audio: native give the line as text");
      }
      if (dialogue.lipSync().provider() != null) {
        error(at + ".lip_sync.provider", shotId, "audio: native has no lip-sync step");
      }
      if (dialogue.text() == null || dialogue.text().isBlank()) {
        error(at + ".text", shotId, "required with audio: native (the line the model speaks)");
      } else {
        text(at + ".text", shotId, dialogue.text(), LipSyncCapabilities.MAX_TEXT_CHARS);
      }
      if (dialogue.voiceId() != null) {
        text(at + ".voice_id", shotId, dialogue.voiceId(), InputLimits.MAX_VOICE_ID_CHARS);
      }
      if (dialogue.voiceLanguage() != null) {
        oneOf(at + ".voice_language", shotId, dialogue.voiceLanguage(), LipSyncCapabilities.VOICE_LANGUAGES);
      }
    }

    /** Any length the chosen model makes on the chosen provider (5 or 10 s on Kling 2.1, 3-15 s on Kling 3.0). */
    private void duration(String field, String id, Integer seconds, Capabilities caps) {
      if (seconds == null || seconds < 1 || seconds > LONGEST_CLIP) {
        error(field, id, "must be a whole number of seconds from 1 to " + LONGEST_CLIP
            + (seconds == null ? "" : ", not " + seconds));
      } else if (caps != null && !caps.supportsDuration(seconds)) {
        error(field, id, describe(caps) + " makes " + caps.describeDurations() + " clips, not " + seconds + " s");
      }
    }

    /**
     * Kling's video-extend adds about 5 s per extension whatever the clip's length, up to 3 minutes in all (docs/providers.md §1.7), so
     * "each step adds one clip of duration" holds only for 5 s clips.
     */
    private void nativeExtend(String at, String id, ShotSpec shot, Capabilities caps) {
      if (shot.duration() != NATIVE_EXTEND_SECONDS) {
        error(at + ".extend", id, describe(caps) + " extends natively by " + NATIVE_EXTEND_SECONDS
            + " s per step; a shot with extend steps needs duration: " + NATIVE_EXTEND_SECONDS);
      } else if (shot.totalSeconds() > NATIVE_EXTEND_MAX_SECONDS) {
        error(at + ".extend", id, describe(caps) + " extends a video to at most " + NATIVE_EXTEND_MAX_SECONDS
            + " s; this shot would be " + shot.totalSeconds() + " s");
      }
    }

    private void frame(String at, int index, String shotId, FrameSpec frame, Map<String, Integer> firstIndex,
        PromptLimit limit) {
      int forms = (frame.isPrompt() ? 1 : 0) + (frame.isImage() ? 1 : 0) + (frame.isFrom() ? 1 : 0)
          + (frame.isTo() ? 1 : 0);
      if (forms != 1) {
        error(at, shotId, at.endsWith("end_frame") ? "needs exactly one of prompt, image, from or to"
            : "needs exactly one of prompt, image or from");
        return;
      }
      if (frame.isTo()) {
        if (frame.to().equals(shotId)) {
          error(at + ".to", shotId, "a shot cannot end on its own start keyframe");
        } else if (!firstIndex.containsKey(frame.to())) {
          error(at + ".to", shotId, "names no shot: '" + InputLimits.echo(frame.to()) + "'");
        }
      }
      if (frame.isPrompt() && frame.prompt().isBlank()) {
        error(at + ".prompt", shotId, "must not be blank");
      } else if (frame.isPrompt()) {
        prompt(at + ".prompt", shotId, frame.prompt(), limit);
      }
      if (frame.isImage()) {
        reference(at + ".image", shotId, frame.image(), IMAGE_EXTENSIONS, "an image");
      }
      if (frame.isFrom()) {
        Integer source = firstIndex.get(frame.from());
        if (frame.from().equals(shotId)) {
          error(at + ".from", shotId, "a shot cannot continue from itself");
        } else if (source == null) {
          error(at + ".from", shotId, "names no shot: '" + InputLimits.echo(frame.from()) + "'");
        } else if (source > index) {
          error(at + ".from", shotId, "names shot '" + frame.from() + "', which comes later; from must name an earlier shot");
        }
      }
    }

    private void dialogue(String at, String shotId, ShotSpec shot, Capabilities caps) {
      DialogueSpec dialogue = shot.dialogue();
      String provider = CostEstimator.lipSyncProvider(spec, shot);
      String providerField = dialogue.lipSync().provider() != null ? at + ".lip_sync.provider" : "provider";
      Optional<LipSyncCapabilities> lipSync = Optional.empty();
      if (!ProviderCatalog.isKnown(provider)) {
        if (dialogue.lipSync().provider() != null) {
          error(providerField, shotId, "unknown provider '" + InputLimits.echo(provider) + "' (known: " + String.join(", ", ProviderCatalog.providers()) + ")");
        }
      } else {
        lipSync = ProviderCatalog.lipSync(provider);
        if (lipSync.isEmpty()) {
          error(providerField, shotId, provider + " does not do lip-sync; set dialogue.lip_sync.provider");
        }
      }
      boolean hasAudio = dialogue.audio() != null && !dialogue.audio().isBlank();
      boolean hasText = dialogue.text() != null;
      if (hasAudio && hasText) {
        error(at + ".text", shotId, "give either audio or text, not both");
      } else if (!hasAudio && !hasText) {
        error(at + ".audio", shotId, "required when a shot has dialogue (or text with voice_id)");
      } else if (hasAudio) {
        Set<String> formats = lipSync.map(LipSyncCapabilities::audioFormats).orElse(AUDIO_EXTENSIONS);
        reference(at + ".audio", shotId, dialogue.audio(), formats, "audio");
        for (String field : textOnly(dialogue)) {
          error(at + "." + field, shotId, "applies only to dialogue.text, not to audio");
        }
      } else {
        speech(at, shotId, dialogue);
        lipSync.filter(l -> !l.fromText()).ifPresent(l -> error(providerField, shotId, provider
            + " lip-syncs recorded audio only, not dialogue.text (text-driven: " + String.join(", ", textProviders())
            + "); give dialogue.audio or choose one of those"));
      }
      start(at, shotId, shot, hasText);
      lipSync.filter(l -> !hasText || l.fromText()).ifPresent(l -> {
        boolean separateClips = caps == null || !caps.nativeExtend() || shot.extend().isEmpty();
        LipSyncPlan.Outcome plan = ShotLipSync.plan(provider, spec.fallbackProviders(), shot, separateClips, null,
            ProviderCatalog::lipSync);
        if (!plan.planned()) {
          error(providerField, shotId, "no lip-sync path stays within its provider's limits: " + plan.refusal());
        }
      });
    }

    /** {@code dialogue.start}: within the shot, for a recording (a line of text is spoken from the start). */
    private void start(String at, String shotId, ShotSpec shot, boolean hasText) {
      BigDecimal start = shot.dialogue().start();
      if (start == null) {
        return;
      }
      Optional<String> shape = InputLimits.decimal(start, 4, 3);
      if (shape.isPresent()) {
        error(at + ".start", shotId, shape.get());
      } else if (start.signum() < 0) {
        error(at + ".start", shotId, "must be at least 0 (seconds from the shot's start), not " + start.toPlainString());
      } else if (hasText && start.signum() > 0) {
        error(at + ".start", shotId, "applies only to dialogue.audio; a line of text is spoken from the shot's start");
      } else if (start.compareTo(BigDecimal.valueOf(shot.totalSeconds())) >= 0) {
        error(at + ".start", shotId, "must be before the shot's end: the shot is " + shot.totalSeconds()
            + " s (duration × (1 + extend steps)), not " + start.toPlainString());
      }
    }

    /** The line and its voice: text of at most 120 characters, a voice id, en|zh, speed 0.8–2.0. */
    private void speech(String at, String shotId, DialogueSpec dialogue) {
      String text = dialogue.text();
      if (text.isBlank()) {
        error(at + ".text", shotId, "must not be blank");
      } else {
        text(at + ".text", shotId, text, LipSyncCapabilities.MAX_TEXT_CHARS);
      }
      if (dialogue.voiceId() == null || dialogue.voiceId().isBlank()) {
        error(at + ".voice_id", shotId, "required with text (a voice of the lip-sync provider, e.g. en_AOT or uk_man2)");
      } else {
        text(at + ".voice_id", shotId, dialogue.voiceId(), InputLimits.MAX_VOICE_ID_CHARS);
      }
      oneOf(at + ".voice_language", shotId, dialogue.voiceLanguage(), LipSyncCapabilities.VOICE_LANGUAGES);
      BigDecimal speed = dialogue.voiceSpeed();
      Optional<String> shape = InputLimits.decimal(speed, 1, 6);
      if (shape.isPresent()) {
        error(at + ".voice_speed", shotId, shape.get() + "; must be between " + LipSyncCapabilities.MIN_VOICE_SPEED
            + " and " + LipSyncCapabilities.MAX_VOICE_SPEED);
      } else if (speed.compareTo(LipSyncCapabilities.MIN_VOICE_SPEED) < 0 || speed.compareTo(LipSyncCapabilities.MAX_VOICE_SPEED) > 0) {
        error(at + ".voice_speed", shotId, "must be between " + LipSyncCapabilities.MIN_VOICE_SPEED + " and "
            + LipSyncCapabilities.MAX_VOICE_SPEED + ", not " + speed.toPlainString());
      }
    }

    /** An http(s) URL, {@code asset:<id>} or (for the CLI) a {@code file:} path, with an allowed extension when it shows one. */
    private void reference(String at, String shotId, String ref, Set<String> extensions, String what) {
      Optional<String> problem = InputLimits.text(ref, InputLimits.MAX_REFERENCE_CHARS);
      if (problem.isPresent()) {
        error(at, shotId, problem.get());
        return;
      }
      String name;
      if (ref.startsWith("http://") || ref.startsWith("https://")) {
        try {
          URI uri = new URI(ref);
          if (uri.getHost() == null) {
            error(at, shotId, "URL has no host: '" + ref + "'");
            return;
          }
          name = uri.getPath() == null ? "" : uri.getPath();
        } catch (URISyntaxException e) {
          error(at, shotId, "not a valid URL: " + e.getMessage());
          return;
        }
      } else if (ref.startsWith("asset:")) {
        name = ref.substring("asset:".length());
        if (name.isBlank() || name.contains("/")) {
          error(at, shotId, "asset references look like asset:<id>");
          return;
        }
      } else if (ref.startsWith("file:")) {
        if (!allowFileRefs) {
          error(at, shotId, "file: references are not accepted here; upload the file to /api/assets and use asset:<id>");
          return;
        }
        name = ref.substring("file:".length());
        if (name.isBlank()) {
          error(at, shotId, "file: needs a path");
          return;
        }
      } else {
        error(at, shotId, "must be an http(s) URL, asset:<id> or a file: path, not '" + InputLimits.echo(ref) + "'");
        return;
      }
      String last = name.substring(name.lastIndexOf('/') + 1);
      int dot = last.lastIndexOf('.');
      if (dot >= 0) {
        String ext = last.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!extensions.contains(ext)) {
          error(at, shotId, what + " must be " + String.join("/", sorted(extensions)) + ", not ." + ext);
        }
      }
    }

    private void fallbacks() {
      List<String> fallbacks = spec.fallbackProviders();
      if (fallbacks.size() > ProviderCatalog.providers().size()) {
        error("fallback_providers", null, "at most " + ProviderCatalog.providers().size() + " providers, not " + fallbacks.size());
        return;
      }
      for (int j = 0; j < fallbacks.size(); j++) {
        String at = "fallback_providers[" + j + "]";
        String provider = fallbacks.get(j);
        if (!ProviderCatalog.isKnown(provider)) {
          error(at, null, "unknown provider '" + InputLimits.echo(provider) + "' (known: " + String.join(", ", ProviderCatalog.providers()) + ")");
          continue;
        }
        Optional<Capabilities> other = ProviderCatalog.find(provider, spec.model(), spec.tier());
        if (other.isEmpty()) {
          error(at, null, provider + " cannot stand in: it has no " + spec.model() + " in tier " + spec.tier());
          continue;
        }
        for (ShotSpec shot : spec.shots() == null ? List.<ShotSpec>of() : spec.shots()) {
          if (shot == null) {
            continue;
          }
          String problem = standInProblem(provider, shot);
          if (problem != null) {
            error(at, shot.id(), provider + " cannot stand in: " + problem);
            break;
          }
        }
      }
    }

    /** Why {@code provider} cannot make {@code shot} on the shot's model (null: it can). */
    private String standInProblem(String provider, ShotSpec shot) {
      String model = spec.modelOf(shot);
      Optional<Capabilities> other = ProviderCatalog.find(provider, model, spec.tier());
      if (other.isEmpty()) {
        return "it has no " + model + " in tier " + spec.tier() + " (shot " + shot.id() + "'s model)";
      }
      if (shot.endFrame() != null && !other.get().endFrame()) {
        return describe(other.get()) + " takes no end frame";
      }
      if (!shot.characters().isEmpty() && other.get().referenceImages() == 0) {
        return describe(other.get()) + " takes no reference images";
      }
      if (shot.nativeAudio() && !other.get().nativeAudio()) {
        return describe(other.get()) + " makes no native audio";
      }
      if (!other.get().supportsDuration(shot.duration())) {
        return "it makes no " + shot.duration() + " s clips";
      }
      return null;
    }

    private void budget() {
      BigDecimal budget = spec.budgetUsd();
      RateCard prices = card != null ? card : RateCard.defaults();
      Set<String> paid = new LinkedHashSet<>();
      CostEstimator.providersUsed(spec).stream().filter(ProviderCatalog::isKnown).filter(prices::isPaid).forEach(paid::add);
      Optional<String> money = budget == null ? Optional.empty() : InputLimits.money(budget);
      if (money.isPresent()) {
        error("budget_usd", null, money.get());
        return;
      }
      if (!paid.isEmpty() && (budget == null || budget.signum() == 0)) {
        error("budget_usd", null, (budget == null ? "required" : "must be greater than 0")
            + " when a paid provider is used (" + String.join(", ", paid) + ")");
        return;
      }
      if (budget != null && card != null && errors.isEmpty()) {
        BigDecimal estimate = CostEstimator.estimate(spec, card).totalUsd();
        if (estimate.compareTo(budget) > 0) {
          error("budget_usd", null, "estimated cost $" + estimate.toPlainString() + " exceeds the budget $" + budget.toPlainString()
              + " (every first take approved, no regenerations)");
        }
      }
    }

    private static String endFrameTiers(Capabilities caps) {
      List<String> tiers = ProviderCatalog.TIERS.stream()
          .filter(t -> ProviderCatalog.find(caps.provider(), caps.model(), t).map(Capabilities::endFrame).orElse(false))
          .toList();
      return tiers.isEmpty() ? "" : " (end frames need tier " + String.join(" or ", tiers) + ")";
    }

    private <T> boolean oneOf(String field, String shotId, T value, List<T> allowed) {
      if (allowed.contains(value)) {
        return true;
      }
      error(field, shotId, "must be one of " + String.join(", ", allowed.stream().map(String::valueOf).toList())
          + (value == null ? "" : ", not '" + InputLimits.echo(value) + "'"));
      return false;
    }

    private void prompt(String field, String shotId, String prompt) {
      prompt(field, shotId, prompt, promptLimit);
    }

    private void prompt(String field, String shotId, String prompt, PromptLimit limit) {
      if (prompt.length() > limit.maxChars()) {
        error(field, shotId, "at most " + limit.maxChars() + " characters for " + limit.of() + ", not " + prompt.length());
      } else {
        text(field, shotId, prompt, limit.maxChars());
      }
    }

    private void text(String field, String shotId, String value, int maxChars) {
      InputLimits.text(value, maxChars).ifPresent(problem -> error(field, shotId, problem));
    }

    private void error(String field, String shot, String message) {
      errors.add(new SpecError(field, shot, message));
    }
  }

  private static List<String> textOnly(DialogueSpec dialogue) {
    List<String> fields = new ArrayList<>();
    if (dialogue.voiceId() != null) {
      fields.add("voice_id");
    }
    if (dialogue.voiceLanguage() != null) {
      fields.add("voice_language");
    }
    if (dialogue.voiceSpeed() != null) {
      fields.add("voice_speed");
    }
    return fields;
  }

  private static List<String> textProviders() {
    return ProviderCatalog.providers().stream()
        .filter(p -> ProviderCatalog.lipSync(p).map(LipSyncCapabilities::fromText).orElse(false))
        .toList();
  }

  private static String describe(Capabilities c) {
    return c.provider() + " " + c.model() + " " + c.tier();
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}

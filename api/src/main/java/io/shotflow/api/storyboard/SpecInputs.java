package io.shotflow.api.storyboard;

import io.micronaut.context.annotation.Value;
import io.shotflow.api.asset.AssetIntake;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.http.CappedFileSubscriber;
import io.shotflow.media.InputInspector;
import io.shotflow.media.MediaTypes;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.LipSyncCapabilities;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.CharacterSpec;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.InputLimits;
import io.shotflow.spec.ShotLipSync;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.SpecValidationException;
import io.shotflow.spec.StoryboardSpec;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a spec's image and audio references before anything starts: http(s) URLs are downloaded and
 * {@code asset:} ids must exist; every file is checked (image size and format, audio length) and only when all
 * pass are downloads imported into the asset store and the references rewritten to {@code asset:<id>}.
 *
 * <p>Every URL passes {@link InputUrlPolicy} before any download starts, and again as its download starts. Downloads
 * follow no redirects, stop at the input's size limit, and each ends after {@code shotflow.inputs.download-timeout}
 * (all of a spec's together after {@code shotflow.inputs.total-download-timeout}).
 */
@Singleton
public class SpecInputs {

  private static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
  private static final long MAX_AUDIO_BYTES = 50L * 1024 * 1024;
  private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg");

  private final AssetIntake assets;
  private final InputInspector inspector;
  private final InputUrlPolicy urls;
  private final Duration downloadTimeout;
  private final Duration totalTimeout;
  private final HttpClient http = HttpClient.newBuilder()
      // a redirect could lead anywhere, a private address included: the spec must name the file's own URL
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  public SpecInputs(AssetIntake assets, InputInspector inspector, InputUrlPolicy urls,
      @Value("${shotflow.inputs.download-timeout:PT60S}") Duration downloadTimeout,
      @Value("${shotflow.inputs.total-download-timeout:PT3M}") Duration totalTimeout) {
    this.assets = assets;
    this.inspector = inspector;
    this.urls = urls;
    this.downloadTimeout = downloadTimeout;
    this.totalTimeout = totalTimeout;
  }

  private enum Kind { IMAGE, AUDIO }

  /** A reference of the spec and, once fetched, its local file. */
  private record Input(String field, int index, String shot, Kind kind, String ref, LipSyncCapabilities lipSync) {}

  private record Fetched(Path file, String contentType, String name, boolean download) {}

  /**
   * The spec with every reference an {@code asset:} URI.
   *
   * @throws SpecValidationException naming each reference that cannot be used; nothing is stored then
   */
  public StoryboardSpec resolve(StoryboardSpec spec) {
    List<Input> inputs = inputs(spec);
    List<SpecError> errors = new ArrayList<>();
    for (Input input : inputs) {
      if (isUrl(input.ref())) {
        urls.problem(input.ref()).ifPresent(p -> errors.add(new SpecError(input.field(), input.shot(), p)));
      }
    }
    if (!errors.isEmpty()) {
      throw new SpecValidationException(errors);
    }
    long deadline = System.nanoTime() + totalTimeout.toNanos();
    Map<String, Fetched> fetched = new HashMap<>();
    try {
      for (Input input : inputs) {
        Fetched file = fetched.get(input.ref());
        if (file == null) {
          try {
            file = fetch(input, deadline);
          } catch (InputProblem e) {
            errors.add(new SpecError(input.field(), input.shot(), e.getMessage()));
            continue;
          }
          fetched.put(input.ref(), file);
        }
        List<String> problems = inspect(input, file);
        for (String problem : problems) {
          errors.add(new SpecError(input.field(), input.shot(), problem));
        }
        if (problems.isEmpty() && input.kind() == Kind.AUDIO) {
          inspector.audioSeconds(file.file()).ifPresent(seconds -> errors.addAll(lipSync(spec, input, seconds)));
        }
      }
      if (!errors.isEmpty()) {
        throw new SpecValidationException(errors);
      }
      Map<String, String> rewritten = new HashMap<>();
      for (Map.Entry<String, Fetched> e : fetched.entrySet()) {
        Fetched f = e.getValue();
        rewritten.put(e.getKey(), f.download()
            ? AssetRef.SCHEME + assets.store(f.file(), f.contentType(), f.name()).id()
            : e.getKey());
      }
      return rewrite(spec, rewritten);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      fetched.values().stream().filter(Fetched::download).forEach(f -> f.file().toFile().delete());
    }
  }

  private List<Input> inputs(StoryboardSpec spec) {
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < spec.characters().size(); i++) {
      List<FrameSpec> refs = spec.characters().get(i).references();
      for (int j = 0; j < refs.size(); j++) {
        if (refs.get(j).image() != null) {
          inputs.add(new Input("characters[" + i + "].references[" + j + "].image", -1, null, Kind.IMAGE,
              refs.get(j).image(), null));
        }
      }
    }
    for (int i = 0; i < spec.shots().size(); i++) {
      ShotSpec shot = spec.shots().get(i);
      String prefix = "shots[" + i + "].";
      if (shot.startFrame() != null && shot.startFrame().image() != null) {
        inputs.add(new Input(prefix + "start_frame.image", i, shot.id(), Kind.IMAGE, shot.startFrame().image(), null));
      }
      if (shot.endFrame() != null && shot.endFrame().image() != null) {
        inputs.add(new Input(prefix + "end_frame.image", i, shot.id(), Kind.IMAGE, shot.endFrame().image(), null));
      }
      if (shot.dialogue() != null && shot.dialogue().audio() != null) {
        LipSyncCapabilities lipSync = ProviderCatalog.lipSync(CostEstimator.lipSyncProvider(spec, shot)).orElse(null);
        inputs.add(new Input(prefix + "dialogue.audio", i, shot.id(), Kind.AUDIO, shot.dialogue().audio(), lipSync));
      }
    }
    return inputs;
  }

  private static boolean isUrl(String ref) {
    return ref.startsWith("http://") || ref.startsWith("https://");
  }

  private Fetched fetch(Input input, long deadline) throws IOException {
    String ref = input.ref();
    if (AssetRef.isAssetUri(ref)) {
      String id = ref.substring(AssetRef.SCHEME.length());
      try {
        if (assets.exists(id)) {
          return new Fetched(assets.path(id), MediaTypes.forFileName(id), id, false);
        }
      } catch (NoSuchElementException | IllegalArgumentException e) {
        // a malformed id is an unknown asset
      }
      throw new InputProblem("no asset " + id + "; upload it to /api/assets first");
    }
    if (isUrl(ref)) {
      return download(input, deadline);
    }
    throw new InputProblem("must be an http(s) URL or asset:<id>");
  }

  private Fetched download(Input input, long deadline) throws IOException {
    long limit = input.kind() == Kind.IMAGE ? MAX_IMAGE_BYTES
        : input.lipSync() != null ? input.lipSync().audioMaxBytes() : MAX_AUDIO_BYTES;
    // checked again as the download starts: the name may resolve elsewhere by now
    Optional<String> refused = urls.problem(input.ref());
    if (refused.isPresent()) {
      throw new InputProblem(refused.get());
    }
    long remaining = Math.min(downloadTimeout.toNanos(), deadline - System.nanoTime());
    if (remaining <= 0) {
      throw new InputProblem("not downloaded: the spec's downloads together took longer than " + totalTimeout);
    }
    URI uri = URI.create(input.ref());
    Path file = Files.createTempFile("shotflow-input-", ".download");
    CompletableFuture<HttpResponse<Long>> exchange = http.sendAsync(
        HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(remaining)).GET().build(),
        info -> info.statusCode() == 200 ? new CappedFileSubscriber(file, limit)
            : HttpResponse.BodySubscribers.replacing(-1L));
    try {
      HttpResponse<Long> response = exchange.get(remaining, TimeUnit.NANOSECONDS);
      if (response.statusCode() / 100 == 3) {
        throw new InputProblem("could not download " + uri + ": HTTP " + response.statusCode() + " redirects to "
            + response.headers().firstValue("Location").orElse("(no Location)")
            + "; redirects are not followed, name the file's own URL");
      }
      if (response.statusCode() != 200) {
        throw new InputProblem("could not download " + uri + ": HTTP " + response.statusCode());
      }
      String name = Path.of(uri.getPath() == null || uri.getPath().isEmpty() ? "/download" : uri.getPath())
          .getFileName().toString();
      // only a label in the catalog (asset.original_name): the end, which holds the extension, is kept
      name = name.substring(Math.max(0, name.length() - InputLimits.MAX_ASSET_NAME_CHARS));
      return new Fetched(file, contentType(response, file, name, input.kind()), name, true);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      Files.deleteIfExists(file);
      throw new InputProblem("could not download " + uri + " within " + seconds(remaining) + " s");
    } catch (ExecutionException e) {
      Files.deleteIfExists(file);
      Throwable cause = e.getCause();
      for (Throwable c = cause; c != null; c = c.getCause()) {
        if (c instanceof CappedFileSubscriber.OverCap) {
          throw new InputProblem("is larger than " + (limit / (1024 * 1024)) + " MB");
        }
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new InputProblem("could not download " + uri + " within " + seconds(remaining) + " s");
      }
      throw new InputProblem("could not download " + uri + ": " + (cause == null ? e : cause).getMessage());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Files.deleteIfExists(file);
      Thread.currentThread().interrupt();
      throw new InputProblem("download of " + uri + " was interrupted");
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static long seconds(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos));
  }

  /** The declared type when it is one we store, else what the content looks like, else the URL's extension. */
  private static String contentType(HttpResponse<?> response, Path file, String name, Kind kind) throws IOException {
    Optional<String> declared = response.headers().firstValue("Content-Type").map(AssetIntake::baseType);
    if (declared.filter(AssetIntake::accepted).isPresent()) {
      return declared.get();
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      String guessed = URLConnection.guessContentTypeFromStream(in);
      if (guessed != null && AssetIntake.accepted(guessed)) {
        return AssetIntake.baseType(guessed);
      }
    }
    String byName = MediaTypes.forFileName(name);
    return kind == Kind.IMAGE && !IMAGE_TYPES.contains(byName) ? "image/png" : byName;
  }

  private List<String> inspect(Input input, Fetched file) {
    if (input.kind() == Kind.IMAGE) {
      return inspector.inspectImage(file.file());
    }
    double min = input.lipSync() != null ? input.lipSync().audioMinSeconds() : 2;
    double max = input.lipSync() != null ? input.lipSync().audioMaxSeconds() : 60;
    return inspector.inspectAudio(file.file(), min, max);
  }

  /**
   * The dialogue of {@code input}'s shot, {@code seconds} long, placed at its {@code dialogue.start} within the shot
   * and lip-synced on the shot's plan ({@link ShotLipSync}): a line that starts later must end within the shot, and
   * every piece of it a provider is sent must be within that provider's limits.
   */
  private static List<SpecError> lipSync(StoryboardSpec spec, Input input, double seconds) {
    int index = input.index();
    ShotSpec shot = spec.shots().get(index);
    String at = "shots[" + index + "].dialogue";
    DialogueSpec dialogue = shot.dialogue();
    if (dialogue.start() != null && dialogue.startSeconds() + seconds > shot.totalSeconds() + 1e-3) {
      return List.of(new SpecError(at + ".start", shot.id(), String.format(Locale.ROOT,
          "the line is %.2f s long and starts at %s s, so it ends at %.2f s, after the shot's end at %d s", seconds,
          dialogue.start().toPlainString(), dialogue.startSeconds() + seconds, shot.totalSeconds())));
    }
    boolean separateClips = shot.extend().isEmpty() || !ProviderCatalog.find(spec.provider(), spec.modelOf(shot), spec.tier())
        .map(Capabilities::nativeExtend).orElse(false);
    LipSyncPlan.Outcome plan = ShotLipSync.plan(CostEstimator.lipSyncProvider(spec, shot), spec.fallbackProviders(),
        shot, separateClips, seconds, ProviderCatalog::lipSync);
    if (plan.planned()) {
      return List.of();
    }
    String field = dialogue.lipSync().provider() != null ? at + ".lip_sync.provider" : "provider";
    return List.of(new SpecError(field, shot.id(),
        "no lip-sync path stays within its provider's limits: " + plan.refusal()));
  }

  private static StoryboardSpec rewrite(StoryboardSpec spec, Map<String, String> refs) {
    List<ShotSpec> shots = spec.shots().stream().map(shot -> shot.withInputs(frame(shot.startFrame(), refs),
        frame(shot.endFrame(), refs), dialogue(shot.dialogue(), refs))).toList();
    List<CharacterSpec> characters = spec.characters().stream().map(c -> c.withReferences(
        c.references().stream().map(r -> frame(r, refs)).toList())).toList();
    return new StoryboardSpec(spec.title(), spec.aspectRatio(), spec.resolution(), spec.fps(), spec.provider(),
        spec.model(), spec.tier(), spec.fallbackProviders(), spec.budgetUsd(), spec.review(), shots,
        spec.audio(), characters);
  }

  private static FrameSpec frame(FrameSpec frame, Map<String, String> refs) {
    return frame == null || frame.image() == null ? frame : frame.withImage(refs.getOrDefault(frame.image(), frame.image()));
  }

  private static DialogueSpec dialogue(DialogueSpec dialogue, Map<String, String> refs) {
    return dialogue == null || dialogue.audio() == null ? dialogue
        : dialogue.withAudio(refs.getOrDefault(dialogue.audio(), dialogue.audio()));
  }

  /** A reference that cannot be used, in words for the {@code errors} entry. */
  private static final class InputProblem extends IOException {
    InputProblem(String message) {
      super(message);
    }
  }
}

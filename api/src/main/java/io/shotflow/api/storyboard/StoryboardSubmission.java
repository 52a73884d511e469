package io.shotflow.api.storyboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.SpecValidationException;
import io.shotflow.spec.SpecValidator;
import io.shotflow.spec.StoryboardSpec;
import io.shotflow.spec.StoryboardSpecParser;
import io.shotflow.storyboard.StoryboardInput;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.TaskQueues;
import io.shotflow.temporal.WorkflowIds;
import io.swagger.v3.oas.annotations.media.Schema;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepting a storyboard: parse, validate (no {@code file:} over HTTP), resolve image and audio references into
 * assets, record it in the catalog, start its workflow. Any problem before the start leaves nothing behind.
 */
@Singleton
public class StoryboardSubmission {

  private static final Logger LOG = LoggerFactory.getLogger(StoryboardSubmission.class);
  private static final int MAX_SUMMARY_BYTES = 200;
  private static final int MAX_DETAILS_CHARS = 18_000;
  /**
   * The accepted spec as the catalog stores it (durations as ISO text, nulls left out): a mapper of its own, like the
   * catalog's JSON columns, so the stored form never depends on the API's {@code jackson.*} settings.
   */
  private static final ObjectMapper SPEC_JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  /** What {@code POST /api/storyboards} answers. */
  public record Submitted(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "watch-reveal-x7k2m9",
          description = "The storyboard's id, used in every other path")
      String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Its workflow in Temporal")
      String workflowId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0",
          description = "What the spec costs at the rate card if every first take is approved, in USD")
      BigDecimal estimatedCostUsd,
      @Schema(description = "That estimate per shot (with its model, seconds and cost per second), then per character "
          + "sheet (character:<id>)")
      List<Cost> estimate) {

    /** What the spec costs with no breakdown. */
    public Submitted(String id, String workflowId, BigDecimal estimatedCostUsd) {
      this(id, workflowId, estimatedCostUsd, List.of());
    }
  }

  /** One line of the estimate: a shot (or sheet), the model it is made with, its seconds of video and its cost. */
  public record Cost(
      @Schema(example = "dock", description = "A shot id, or character:<id> for a character's sheet") String id,
      @Schema(example = "kling-v3", description = "The video model: the shot's own, else the storyboard's") String model,
      @Schema(example = "12", description = "Seconds of video the shot contributes (0 for a sheet)") int seconds,
      @Schema(example = "4.032", description = "Its estimate in USD") BigDecimal usd,
      @Schema(example = "0.336", description = "The estimate per second of video (absent for a sheet)")
      BigDecimal usdPerSecond) {

    static Cost of(CostEstimator.Line line) {
      return new Cost(line.id(), line.model(), line.seconds(), line.usd(), line.usdPerSecond());
    }
  }

  private final StoryboardSpecParser parser = new StoryboardSpecParser();
  private final SpecInputs inputs;
  private final StoryboardCatalog catalog;
  private final WorkflowClient client;
  private final RateCard rateCard;
  private final Duration providerQueueWait;
  private final ProviderPreflight preflight;

  public StoryboardSubmission(SpecInputs inputs, StoryboardCatalog catalog, WorkflowClient client, RateCard rateCard,
      @Value("${shotflow.failover.queue-wait:PT10M}") Duration providerQueueWait, ProviderPreflight preflight) {
    if (providerQueueWait.isNegative() || providerQueueWait.isZero()) {
      throw new ConfigurationException("shotflow.failover.queue-wait must be a positive duration, not " + providerQueueWait);
    }
    this.inputs = inputs;
    this.catalog = catalog;
    this.client = client;
    this.rateCard = rateCard;
    this.providerQueueWait = providerQueueWait;
    this.preflight = preflight;
  }

  /**
   * Validates and estimates at the configured rate card, and starts the workflow with snapshots of that card's prices
   * and of the catalog's capabilities for the providers the spec uses, so the storyboard budgets at the prices it was
   * accepted at and routes by what its providers declared then.
   *
   * @throws SpecValidationException naming every invalid field (and bytes that are not UTF-8); nothing was stored or
   *     started
   */
  public Submitted submit(byte[] content, boolean yaml) {
    StoryboardSpec spec = parser.parse(content, yaml);
    List<SpecError> errors = new java.util.ArrayList<>(SpecValidator.validate(spec, false, rateCard));
    if (errors.isEmpty()) {
      errors.addAll(preflight.check(spec));
    }
    if (!errors.isEmpty()) {
      throw new SpecValidationException(errors);
    }
    StoryboardSpec resolved = inputs.resolve(spec);
    Set<String> providers = CostEstimator.providersUsed(resolved);
    RateCard prices = rateCard.forProviders(providers);
    ProviderCapabilities capabilities = ProviderCapabilities.snapshot(providers, resolved.models(), resolved.tier());
    CostEstimator.CostEstimate estimated = CostEstimator.estimate(resolved, prices);
    BigDecimal estimate = estimated.totalUsd();
    String id = StoryboardIds.newId(resolved.title());
    String workflowId = WorkflowIds.storyboard(id);
    catalog.register(new StoryboardCatalog.NewStoryboard(id, resolved.title(), workflowId, resolved.budgetUsd(),
        estimate, json(resolved), catalogShots(resolved)));
    try {
      StoryboardWorkflow workflow = client.newWorkflowStub(StoryboardWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(workflowId)
          .setTaskQueue(TaskQueues.ORCHESTRATION)
          .setStaticSummary(summary(resolved))
          .setStaticDetails(details(id, resolved, estimate))
          .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
              .set(SearchAttributes.STORYBOARD_ID, id)
              .set(SearchAttributes.PROVIDER, resolved.provider())
              .set(SearchAttributes.STAGE, StoryboardState.RUNNING.value())
              .set(SearchAttributes.AWAITING_REVIEW, false)
              .set(SearchAttributes.SPEND_USD, 0.0)
              .build())
          .build());
      WorkflowClient.start(workflow::run, new StoryboardInput(id, resolved, prices, capabilities, providerQueueWait));
    } catch (RuntimeException e) {
      catalog.unregister(id);
      throw e;
    }
    LOG.info("Started storyboard {} ({} shots, estimate ${})", id, resolved.shots().size(), estimate.toPlainString());
    return new Submitted(id, workflowId, estimate, estimated.lines().stream().map(Cost::of).toList());
  }

  /** One line for the Temporal UI's list: {@code <title> — N shots}, at most 200 bytes. */
  static String summary(StoryboardSpec spec) {
    int n = spec.shots().size();
    String tail = " — " + n + (n == 1 ? " shot" : " shots");
    String title = spec.title().strip();
    while (title.length() > 1 && (title + tail).getBytes(StandardCharsets.UTF_8).length > MAX_SUMMARY_BYTES) {
      title = title.substring(0, title.length() - 2) + "…";
    }
    return title + tail;
  }

  /** Markdown for the Temporal UI: settings, budget, and one table row per shot (cut short for huge storyboards). */
  static String details(String id, StoryboardSpec spec, BigDecimal estimate) {
    StringBuilder md = new StringBuilder()
        .append("**").append(escape(spec.title())).append("** · storyboard `").append(id).append("`\n\n")
        .append("provider `").append(spec.provider()).append("` · ").append(spec.model()).append(' ')
        .append(spec.tier()).append(" · ").append(spec.width()).append('×').append(spec.height()).append(" @ ")
        .append(spec.fps()).append(" fps");
    if (!spec.fallbackProviders().isEmpty()) {
      md.append(" · fallback ").append(String.join(", ", spec.fallbackProviders()));
    }
    md.append("\n\nbudget ").append(spec.budgetUsd() == null ? "none" : "$" + spec.budgetUsd().toPlainString())
        .append(" · estimate $").append(estimate.toPlainString())
        .append(" · reviews: keyframes ").append(spec.review().keyframes())
        .append(", clips ").append(spec.review().clips())
        .append(", lip-sync ").append(spec.review().lipSync()).append("\n\n")
        .append("| # | shot | model | seconds | start | end | extend | dialogue |\n|---|---|---|---|---|---|---|---|\n");
    List<ShotSpec> shots = spec.shots();
    for (int i = 0; i < shots.size(); i++) {
      ShotSpec s = shots.get(i);
      String row = "| " + (i + 1) + " | " + s.id() + " | " + spec.modelOf(s) + " | " + s.totalSeconds() + " | " + frame(s.startFrame())
          + " | " + frame(s.endFrame()) + " | " + s.extend().size() + " | " + (s.dialogue() == null ? "—" : "yes")
          + " |\n";
      if (md.length() + row.length() > MAX_DETAILS_CHARS) {
        md.append("\n… and ").append(shots.size() - i).append(" more shots\n");
        break;
      }
      md.append(row);
    }
    return md.toString();
  }

  /** The catalog's rows: each shot, then each character's sheet ({@code character:<id>}), which is reviewed like one. */
  private static java.util.List<String> catalogShots(StoryboardSpec spec) {
    java.util.List<String> ids = new java.util.ArrayList<>(spec.shots().stream().map(ShotSpec::id).toList());
    spec.characters().forEach(c -> ids.add(io.shotflow.review.Subjects.sheet(c.id())));
    return ids;
  }

  private static String frame(io.shotflow.spec.FrameSpec frame) {
    if (frame == null) {
      return "—";
    }
    if (frame.from() != null) {
      return "from " + frame.from();
    }
    if (frame.to() != null) {
      return "to " + frame.to();
    }
    return frame.image() != null ? "image" : "prompt";
  }

  private static String escape(String text) {
    return text.replace("*", "\\*").replace("|", "\\|").replace("`", "\\`");
  }

  private static String json(StoryboardSpec spec) {
    try {
      return SPEC_JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.shotflow.api.storyboard;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.catalog.ReviewRow;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.catalog.StoryboardRow;
import io.shotflow.catalog.TakeRow;
import io.shotflow.media.AssetRef;
import io.shotflow.audit.AuditTrail;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.Take;
import io.shotflow.spec.ReviewPolicy;
import io.shotflow.spec.SpecValidationException;
import io.shotflow.spec.StoryboardSpecParser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/storyboards/{id}/audit}: the storyboard's audit trail from the catalog, the same {@link AuditTrail}
 * {@code manifest.json} carries, and available while the storyboard still runs.
 */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.STORYBOARDS)
public class AuditController {

  private static final StoryboardSpecParser SPECS = new StoryboardSpecParser();

  private final StoryboardCatalog catalog;

  public AuditController(StoryboardCatalog catalog) {
    this.catalog = catalog;
  }

  @Get("/{id}/audit")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(operationId = "getAudit", summary = "Get a storyboard's audit trail",
      description = "Every review decision with who made it (reviewer `auto` with the `policy` that decided when no "
          + "human did: `--auto-approve`, a gate set to `auto`, or the review deadline), every spend entry (one per "
          + "take, chosen or not) and every failover route, as recorded so far. Any role.")
  @ApiResponse(responseCode = "200", description = "The audit trail",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditTrail.Audit.class)))
  @ProblemResponses.TokenRequired
  @ProblemResponses.UnknownStoryboard
  public AuditTrail.Audit audit(@PathVariable String id) {
    StoryboardCatalog.Entry entry = catalog.entry(id).orElseThrow(() -> StoryboardController.unknown(id));
    List<AuditTrail.ShotTake> takes = entry.takes().stream()
        .map(t -> new AuditTrail.ShotTake(t.shotId(), take(t))).toList();
    List<AuditTrail.Recorded> decisions = catalog.reviews(id).stream()
        .map(r -> new AuditTrail.Recorded(r.shotId(), decision(r), r.applied())).toList();
    return AuditTrail.of(policy(entry.storyboard()), takes, decisions);
  }

  /** The storyboard's review policy as submitted; the default when the stored spec cannot be read. */
  private static ReviewPolicy policy(StoryboardRow row) {
    if (row.specJson() != null) {
      try {
        return SPECS.parse(row.specJson(), false).review();
      } catch (SpecValidationException e) {
        // a stored spec the reader refuses: the default policy
      }
    }
    return ReviewPolicy.DEFAULT;
  }

  private static Take take(TakeRow t) {
    return new Take(t.takeId(), t.subject(), t.kind(), t.assetId() == null ? null : new AssetRef(t.assetId(), null),
        t.provider(), t.providerJobId(), t.costUsd(), t.prompt(), t.approved(), t.attempt(), t.route());
  }

  private static ReviewDecision decision(ReviewRow r) {
    Verdict verdict = null;
    if (r.verdict() != null) {
      try {
        verdict = Verdict.valueOf(r.verdict().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // a verdict the workflow recorded but this version does not know: kept as no verdict
      }
    }
    return new ReviewDecision(r.subject(), r.takeId(), verdict, r.note(), r.prompt(), r.reviewer(), r.decidedAt(),
        r.policy());
  }
}

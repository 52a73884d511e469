package io.shotflow.api.storyboard;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.api.asset.AssetIntake;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.media.MediaTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.function.Function;

/** {@code GET /api/storyboards/{id}/exports/{otio|edl|fcpxml|manifest}}: the editor files, as downloads. */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.EXPORTS)
public class ExportController {

  private enum Export {
    OTIO("timeline.otio", AssemblyResult::timelineOtio),
    EDL("cut.edl", AssemblyResult::cutEdl),
    FCPXML("cut.fcpxml", AssemblyResult::cutFcpxml),
    MANIFEST("manifest.json", AssemblyResult::manifest);

    final String fileName;
    final Function<AssemblyResult, AssetRef> asset;

    Export(String fileName, Function<AssemblyResult, AssetRef> asset) {
      this.fileName = fileName;
      this.asset = asset;
    }
  }

  private final StoryboardCatalog catalog;
  private final StoryboardStatusService statuses;
  private final AssetIntake assets;

  public ExportController(StoryboardCatalog catalog, StoryboardStatusService statuses, AssetIntake assets) {
    this.catalog = catalog;
    this.statuses = statuses;
    this.assets = assets;
  }

  @Get("/{id}/exports/{kind}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(operationId = "getExport", summary = "Download an editor export",
      description = "One of the assembled cut's editor files, as an attachment: `otio` (timeline.otio), `edl` "
          + "(cut.edl), `fcpxml` (cut.fcpxml) or `manifest` (manifest.json). Any role.")
  @ApiResponse(responseCode = "200", description = "The file", content = {
      @Content(mediaType = "application/vnd.opentimelineio+json", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "text/plain", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "application/xml", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "application/json", schema = @Schema(type = "string", format = "binary"))})
  @ProblemResponses.TokenRequired
  @ApiResponse(responseCode = "404", description = "No storyboard with this id, no such export, or not assembled yet",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public SystemFile export(@PathVariable String id,
      @Parameter(description = "Which export",
          schema = @Schema(allowableValues = {"otio", "edl", "fcpxml", "manifest"}))
      @PathVariable String kind) {
    Export export;
    try {
      export = Export.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no export '" + kind + "'; exports are otio, edl, fcpxml and manifest");
    }
    catalog.storyboard(id).orElseThrow(() -> StoryboardController.unknown(id));
    AssetRef ref = statuses.outputs(id).map(export.asset).orElseThrow(
        () -> ApiProblem.notFound("storyboard " + id + " has no " + export.fileName + " yet: it is not assembled"));
    if (!assets.exists(ref.id())) {
      throw ApiProblem.notFound("asset " + ref.id() + " of storyboard " + id + " is missing from the asset store");
    }
    String type = MediaTypes.forFileName(export.fileName);
    return new SystemFile(assets.path(ref.id()).toFile(), MediaType.of(type)).attach(export.fileName);
  }
}

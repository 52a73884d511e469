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
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.media.MediaTypes;
import java.util.function.Function;

/** {@code GET /api/storyboards/{id}/exports/{otio|edl|fcpxml|manifest}}: the editor files, as downloads. */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
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
  public SystemFile export(@PathVariable String id, @PathVariable String kind) {
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

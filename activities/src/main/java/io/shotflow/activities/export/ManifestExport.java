package io.shotflow.activities.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.activities.FileJson;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.media.AssetRef;
import io.shotflow.review.ReviewDecision;
import io.shotflow.shot.Take;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what was made and how it was decided. The storyboard, its format, budget and spend; per
 * shot the prompt, its range in the final cut, the approved takes with provider and cost, and every review
 * decision; and the asset references of the other outputs (snake_case like the HTTP API).
 */
public final class ManifestExport {

  private ManifestExport() {}

  /** {@code outputs} maps output names (final_cut, timeline_otio, …) to their assets, in the order given. */
  public static byte[] write(AssemblyRequest request, Cut cut, Map<String, AssetRef> outputs) throws IOException {
    ObjectNode root = FileJson.MAPPER.createObjectNode();
    root.put("storyboard_id", request.storyboardId());
    root.put("title", request.title());
    ObjectNode format = root.putObject("format");
    format.put("width", request.format().width());
    format.put("height", request.format().height());
    format.put("fps", request.format().fps());
    root.put("budget_usd", request.budgetUsd());
    root.put("spend_usd", request.spendUsd());
    root.put("duration_seconds", cut.totalFrames() / (double) cut.fps());
    root.put("frames", cut.totalFrames());
    ArrayNode shots = root.putArray("shots");
    for (int i = 0; i < request.shots().size(); i++) {
      shots.add(shot(request.shots().get(i), cut.shots().get(i)));
    }
    ObjectNode out = root.putObject("outputs");
    outputs.forEach((name, asset) -> out.put(name, asset.uri()));
    return FileJson.INDENTED.writeValueAsBytes(root);
  }

  private static ObjectNode shot(AssemblyRequest.Shot shot, Cut.Shot range) {
    ObjectNode node = FileJson.MAPPER.createObjectNode();
    node.put("id", shot.shotId());
    node.put("prompt", shot.prompt());
    node.put("duration_seconds", shot.durationSeconds());
    node.put("start_frame", range.startFrame());
    node.put("frames", range.frames());
    node.put("video", shot.video().uri());
    ArrayNode takes = node.putArray("approved_takes");
    for (Take take : shot.approvedTakes() == null ? List.<Take>of() : shot.approvedTakes()) {
      ObjectNode t = takes.addObject();
      t.put("id", take.id());
      t.put("subject", take.subject());
      t.put("kind", take.kind());
      t.put("provider", take.provider());
      t.put("provider_job_id", take.providerJobId());
      t.put("cost_usd", take.costUsd());
      t.put("prompt", take.prompt());
      t.put("asset", take.asset() == null ? null : take.asset().uri());
      t.put("attempt", take.attempt());
    }
    ArrayNode decisions = node.putArray("decisions");
    for (ReviewDecision d : shot.decisions() == null ? List.<ReviewDecision>of() : shot.decisions()) {
      ObjectNode n = decisions.addObject();
      n.put("subject", d.subject());
      n.put("take", d.take());
      n.set("verdict", FileJson.MAPPER.valueToTree(d.verdict()));
      n.put("reviewer", d.reviewer());
      n.put("note", d.note());
      n.put("prompt", d.prompt());
      n.put("decided_at", d.decidedAt());
    }
    return node;
  }
}

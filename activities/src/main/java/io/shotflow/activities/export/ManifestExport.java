package io.shotflow.activities.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.activities.FileJson;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.media.AssetRef;
import io.shotflow.audit.AuditTrail;
import io.shotflow.shot.Take;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what was made and how it was decided. The storyboard, its format, budget and spend; per
 * shot the prompt, its range in the final cut, its files, the approved takes with provider and cost, the alternates
 * and every decision on it; the audit trail ({@link AuditTrail}: every decision with who or what made it, every
 * spend entry, every failover route); the per-shot files; and the asset references of the other outputs
 * (snake_case like the HTTP API).
 */
public final class ManifestExport {

  private ManifestExport() {}

  /** The audit trail of what the request knows: its shots' takes and accepted decisions under its review policy. */
  public static AuditTrail.Audit audit(AssemblyRequest request) {
    List<AuditTrail.ShotTake> takes = new ArrayList<>();
    List<AuditTrail.Recorded> decisions = new ArrayList<>();
    for (AssemblyRequest.Shot shot : request.shots()) {
      shot.allTakes().forEach(t -> takes.add(new AuditTrail.ShotTake(shot.shotId(), t)));
      if (shot.decisions() != null) {
        shot.decisions().forEach(d -> decisions.add(new AuditTrail.Recorded(shot.shotId(), d, true)));
      }
    }
    return AuditTrail.of(request.review(), takes, decisions);
  }

  /**
   * {@code outputs} maps output names (final_cut, timeline_otio, …) to their assets, {@code files} the per-shot
   * files' paths to theirs, in the order given.
   */
  public static byte[] write(AssemblyRequest request, Cut cut, AuditTrail.Audit audit, Map<String, AssetRef> outputs,
      Map<String, AssetRef> files) throws IOException {
    ObjectNode root = FileJson.MAPPER.createObjectNode();
    root.put("storyboard_id", request.storyboardId());
    root.put("title", request.title());
    ObjectNode format = root.putObject("format");
    format.put("width", request.format().width());
    format.put("height", request.format().height());
    format.put("fps", request.format().fps());
    root.put("model", request.model());
    root.put("tier", request.tier());
    root.put("budget_usd", request.budgetUsd());
    root.put("spend_usd", request.spendUsd());
    root.put("duration_seconds", cut.totalFrames() / (double) cut.fps());
    root.put("frames", cut.totalFrames());
    ArrayNode shots = root.putArray("shots");
    for (int i = 0; i < request.shots().size(); i++) {
      shots.add(shot(request, request.shots().get(i), cut.shots().get(i), audit));
    }
    root.set("audit", FileJson.MAPPER.valueToTree(audit));
    ObjectNode media = root.putObject("files");
    files.forEach((path, asset) -> media.put(path, asset.uri()));
    ObjectNode out = root.putObject("outputs");
    outputs.forEach((name, asset) -> out.put(name, asset.uri()));
    return FileJson.INDENTED.writeValueAsBytes(root);
  }

  private static ObjectNode shot(AssemblyRequest request, AssemblyRequest.Shot shot, Cut.Shot range,
      AuditTrail.Audit audit) {
    ObjectNode node = FileJson.MAPPER.createObjectNode();
    node.put("id", shot.shotId());
    node.put("model", request.modelOf(shot));
    node.put("prompt", shot.prompt());
    node.put("duration_seconds", shot.durationSeconds());
    node.put("start_frame", range.startFrame());
    node.put("frames", range.frames());
    node.put("video", shot.video().uri());
    node.put("file", range.video().path());
    node.put("source_frames", range.video().frames());
    node.put("dialogue_file", range.dialogue() == null ? null : range.dialogue().path());
    node.set("metadata", FileJson.MAPPER.valueToTree(range.video().metadata()));
    ArrayNode takes = node.putArray("approved_takes");
    for (Take take : shot.approvedTakes() == null ? List.<Take>of() : shot.approvedTakes()) {
      takes.add(take(take));
    }
    ArrayNode alternates = node.putArray("alternates");
    for (Cut.Source alternate : range.alternates()) {
      ObjectNode a = alternates.addObject();
      a.put("take", alternate.name());
      a.put("file", alternate.path());
      a.put("frames", alternate.frames());
    }
    ArrayNode decisions = node.putArray("decisions");
    for (AuditTrail.Decision d : audit.decisions()) {
      if (shot.shotId().equals(d.shot())) {
        decisions.add(FileJson.MAPPER.valueToTree(d));
      }
    }
    return node;
  }

  private static ObjectNode take(Take take) {
    ObjectNode t = FileJson.MAPPER.createObjectNode();
    t.put("id", take.id());
    t.put("subject", take.subject());
    t.put("kind", take.kind());
    t.put("provider", take.provider());
    t.put("provider_job_id", take.providerJobId());
    t.put("route", take.route());
    t.put("cost_usd", take.costUsd());
    t.put("prompt", take.prompt());
    t.put("asset", take.asset() == null ? null : take.asset().uri());
    t.put("attempt", take.attempt());
    return t;
  }
}

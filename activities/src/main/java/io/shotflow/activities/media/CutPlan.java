package io.shotflow.activities.media;

import io.shotflow.activities.export.Cut;
import io.shotflow.media.AssetRef;
import io.shotflow.audit.AuditTrail;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.AssemblyRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What assembly writes besides {@code final.mp4}: the {@link Cut} the exports describe and the per-shot files it
 * references ({@code shots/<shot>.mp4}, {@code takes/<shot>/<take>.mp4}, {@code audio/<shot>.wav}), each with the
 * input it is made from and its length in frames.
 */
record CutPlan(Cut cut, List<File> files) {

  /** Take kinds whose unchosen takes are alternates of the shot's picture. */
  static final Set<String> ALTERNATE_KINDS = Set.of("clip", "extend", "lip_sync");

  /**
   * A file to write at {@code path} (relative to the output folder) from {@code input}: {@code frames} frames of
   * picture and sound, or with {@code soundOnly} that many frames' worth of sound; {@code mastered} with the final
   * mix's gain.
   */
  record File(String path, Path input, long frames, boolean soundOnly, boolean mastered) {}

  /** Resolves an asset to its file, or fails naming {@code field}. */
  interface Inputs {
    Path input(AssetRef ref, String field);
  }

  static CutPlan of(AssemblyRequest request, AuditTrail.Audit audit, ShotMedia media, Inputs inputs)
      throws IOException {
    int fps = request.format().fps();
    List<Cut.Shot> shots = new ArrayList<>();
    List<File> files = new ArrayList<>();
    long start = 0;
    for (AssemblyRequest.Shot shot : request.shots()) {
      String id = shot.shotId();
      long frames = (long) shot.durationSeconds() * fps;
      Path video = inputs.input(shot.video(), "shots[" + id + "].video");
      long available = Math.max(frames, media.frames(video));
      String path = "shots/" + id + ".mp4";
      files.add(new File(path, video, available, false, true));
      Cut.Source source = new Cut.Source(id, path, available, true, approvedMetadata(request, audit, shot));

      List<Cut.Source> alternates = new ArrayList<>();
      for (Take take : shot.allTakes()) {
        if (take.approved() || take.asset() == null || !ALTERNATE_KINDS.contains(take.kind())) {
          continue;
        }
        Path file = inputs.input(take.asset(), "shots[" + id + "].takes[" + take.id() + "]");
        long takeFrames = media.frames(file);
        String takePath = "takes/" + id + "/" + fileName(take.id()) + ".mp4";
        files.add(new File(takePath, file, takeFrames, false, false));
        alternates.add(new Cut.Source(take.id(), takePath, takeFrames, true, takeMetadata(request, shot, take)));
      }

      Cut.Source dialogue = null;
      if (shot.dialogue()) {
        String wav = "audio/" + id + ".wav";
        files.add(new File(wav, video, frames, true, true));
        dialogue = new Cut.Source(id + "-dialogue", wav, frames, true, Map.of("shot", id, "kind", "dialogue"));
      }
      shots.add(new Cut.Shot(id, shot.prompt(), start, frames, source, alternates, dialogue,
          markers(audit, shot, fps)));
      start += frames;
    }
    return new CutPlan(new Cut(request.title(), Assembler.FINAL_CUT, request.format().width(),
        request.format().height(), fps, true, shots), List.copyOf(files));
  }

  /** A take id as a file name: letters, digits, dot, dash and underscore kept, anything else an underscore. */
  static String fileName(String takeId) {
    String name = takeId.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.startsWith(".") ? "_" + name.substring(1) : name;
  }

  /**
   * The approved video's metadata: its clip take (the take of the shot's {@code clip:} subject, else the first
   * approved), every approved take, the provider, job id and route of the clip take, the shot's model, the storyboard's
   * tier, the approved takes' cost and who approved the clip take.
   */
  private static Map<String, Object> approvedMetadata(AssemblyRequest request, AuditTrail.Audit audit,
      AssemblyRequest.Shot shot) {
    List<Take> approved = shot.approvedTakes() == null ? List.of() : shot.approvedTakes();
    Take clip = approved.stream().filter(t -> "clip".equals(t.kind())).findFirst()
        .orElse(approved.isEmpty() ? null : approved.get(0));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("shot", shot.shotId());
    meta.put("take", clip == null ? null : clip.id());
    meta.put("takes", approved.stream().map(Take::id).toList());
    meta.put("provider", clip == null ? null : clip.provider());
    meta.put("model", request.modelOf(shot));
    meta.put("tier", request.tier());
    meta.put("provider_job_id", clip == null ? null : clip.providerJobId());
    meta.put("route", clip == null ? null : clip.route());
    meta.put("cost_usd", approved.stream().map(Take::costUsd).filter(Objects::nonNull)
        .reduce(BigDecimal.ZERO, BigDecimal::add));
    meta.put("approver", clip == null ? null : AuditTrail.approver(audit, shot.shotId(), clip));
    return meta;
  }

  private static Map<String, Object> takeMetadata(AssemblyRequest request, AssemblyRequest.Shot shot, Take take) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("shot", shot.shotId());
    meta.put("take", take.id());
    meta.put("kind", take.kind());
    meta.put("subject", take.subject());
    meta.put("provider", take.provider());
    meta.put("model", request.modelOf(shot));
    meta.put("tier", request.tier());
    meta.put("provider_job_id", take.providerJobId());
    meta.put("route", take.route());
    meta.put("cost_usd", take.costUsd());
    meta.put("attempt", take.attempt());
    return meta;
  }

  /**
   * A marker for every decision on the shot with a note or a revised prompt, where what it decided starts within the
   * shot ({@link #offsetFrames}).
   */
  private static List<Cut.Marker> markers(AuditTrail.Audit audit, AssemblyRequest.Shot shot, int fps) {
    List<Cut.Marker> markers = new ArrayList<>();
    for (AuditTrail.Decision d : audit.decisions()) {
      boolean hasNote = d.note() != null && !d.note().isBlank();
      boolean hasPrompt = d.prompt() != null && !d.prompt().isBlank();
      if (!shot.shotId().equals(d.shot()) || !(hasNote || hasPrompt)) {
        continue;
      }
      String note = (hasNote ? d.note() : "") + (hasPrompt ? (hasNote ? " | " : "") + "revised prompt: " + d.prompt() : "");
      markers.add(new Cut.Marker(offsetFrames(shot, d.subject(), fps), d.verdict() + " " + d.subject()
          + (d.take() == null ? "" : " " + d.take()) + " by " + d.reviewer(), note));
    }
    return markers;
  }

  /**
   * Where a subject starts within its shot, in frames: extend step n ({@code extend:<shot>:<n>}) after the clip and
   * the n - 1 steps before it, each as long as the clip (the spec's rule: every step adds one clip of the shot's
   * duration, so the clip is the shot's length over 1 + its approved extend steps); anything else at the first frame.
   */
  static long offsetFrames(AssemblyRequest.Shot shot, String subject, int fps) {
    String[] parts = subject == null ? new String[0] : subject.split(":");
    if (parts.length != 3 || !"extend".equals(parts[0]) || !parts[2].matches("[0-9]{1,4}")) {
      return 0;
    }
    List<Take> approved = shot.approvedTakes() == null ? List.of() : shot.approvedTakes();
    long steps = approved.stream().filter(t -> "extend".equals(t.kind())).count();
    long shotFrames = (long) shot.durationSeconds() * fps;
    long clipFrames = shotFrames / (1 + Math.max(steps, Integer.parseInt(parts[2])));
    return Math.min(shotFrames - 1, Integer.parseInt(parts[2]) * clipFrames);
  }
}

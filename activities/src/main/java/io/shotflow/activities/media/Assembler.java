package io.shotflow.activities.media;

import io.shotflow.asset.AssetStore;
import io.shotflow.activities.export.ContactSheet;
import io.shotflow.activities.export.Cut;
import io.shotflow.activities.export.EdlExport;
import io.shotflow.activities.export.FcpxmlExport;
import io.shotflow.activities.export.ManifestExport;
import io.shotflow.activities.export.OtioExport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;
import io.shotflow.audit.AuditTrail;

/**
 * Joins clips and assembles the final cut with its editor exports, reading inputs from and writing outputs to the
 * asset store. Plain code: the activity around it only adds heartbeats and failure types.
 */
public final class Assembler {

  public static final String FINAL_CUT = "final.mp4";

  private final AssetStore store;

  public Assembler(AssetStore store) {
    this.store = store;
  }

  /** The clips one after another in {@code format}, each at its own length; audio when any clip has some. */
  public AssetRef join(List<AssetRef> clips, VideoFormat format, ActivityHeartbeat heartbeat) throws IOException {
    requireFormat(format);
    if (clips == null || clips.isEmpty()) {
      throw new IllegalArgumentException("clips: at least one clip is needed");
    }
    List<Path> files = new ArrayList<>();
    List<Integer> frames = new ArrayList<>();
    boolean audio = false;
    for (int i = 0; i < clips.size(); i++) {
      Path file = input(clips.get(i), "clips[" + i + "]");
      MediaProbe.Info info = MediaProbe.probe(file);
      if (!info.hasVideo()) {
        throw new IllegalArgumentException("clips[" + i + "]: " + clips.get(i).id() + " has no video");
      }
      files.add(file);
      frames.add(Math.max(1, (int) Math.round(info.durationSeconds() * format.fps())));
      audio |= info.hasAudio();
    }
    Path dir = Files.createTempDirectory("shotflow-join-");
    try {
      Path out = dir.resolve("joined.mp4");
      try (SequenceWriter writer = new SequenceWriter(out, format, audio)) {
        for (int i = 0; i < files.size(); i++) {
          String step = "joining clip " + (i + 1) + "/" + files.size();
          writer.append(files.get(i), frames.get(i), (k, frame) -> heartbeat.beat(step));
        }
      }
      return store.put(out, "video/mp4");
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * {@code final.mp4} (every shot conformed to the format and exactly {@code durationSeconds × fps} frames, AAC
   * audio always present: each shot's own sound from the shot's start, its dialogue where it was lip-synced,
   * silence elsewhere, the whole mix normalised by {@link Mastering} to the request's loudness); the per-shot media
   * ({@code shots/<shot>.mp4}: the approved video with its extends and lip-sync, at its own length;
   * {@code takes/<shot>/<take>.mp4}: each take not chosen; {@code audio/<shot>.wav}: the sound of a shot with
   * dialogue), conformed to the format with the final mix's gain; the contact sheet; OTIO, EDL and FCPXML exports
   * that reference the per-shot files by relative path; and the manifest with the audit trail.
   */
  public AssemblyResult assemble(AssemblyRequest request, ActivityHeartbeat heartbeat) throws IOException {
    VideoFormat format = request.format();
    requireFormat(format);
    if (request.shots() == null || request.shots().isEmpty()) {
      throw new IllegalArgumentException("shots: nothing to assemble");
    }
    List<Path> videos = new ArrayList<>();
    for (AssemblyRequest.Shot shot : request.shots()) {
      if (shot.durationSeconds() <= 0) {
        throw new IllegalArgumentException("shots[" + shot.shotId() + "].duration_seconds must be positive");
      }
      if (shot.video() == null) {
        throw new IllegalArgumentException("shots[" + shot.shotId() + "].video is missing");
      }
      videos.add(input(shot.video(), "shots[" + shot.shotId() + "].video"));
    }
    AuditTrail.Audit audit = ManifestExport.audit(request);
    ShotMedia media = new ShotMedia(format);
    CutPlan plan = CutPlan.of(request, audit, media, this::input);
    Cut cut = plan.cut();

    List<Integer> frameCounts = cut.shots().stream().map(s -> (int) s.frames()).toList();
    double loudness = request.loudnessLufs() == null ? Mastering.DEFAULT_LUFS : request.loudnessLufs();
    Mastering.Plan sound = Mastering.plan(into -> playMix(videos, frameCounts, format, into, heartbeat),
        SequenceWriter.CHANNELS, loudness);

    Path dir = Files.createTempDirectory("shotflow-assembly-");
    try {
      Path finalCut = dir.resolve(FINAL_CUT);
      int[] thumb = ContactSheet.thumbnailSize(format.width(), format.height());
      List<ContactSheet.Entry> entries = new ArrayList<>();
      try (SequenceWriter writer = new SequenceWriter(finalCut, format, true, sound.chain())) {
        for (int i = 0; i < cut.shots().size(); i++) {
          Cut.Shot shot = cut.shots().get(i);
          int frames = (int) shot.frames();
          BufferedImage[] middle = new BufferedImage[1];
          String step = "assembling shot " + (i + 1) + "/" + cut.shots().size() + " (" + shot.id() + ")";
          writer.append(videos.get(i), frames, (k, frame) -> {
            if (k == frames / 2) {
              middle[0] = frame.toImage(thumb[0], thumb[1]);
            }
            heartbeat.beat(step);
          });
          entries.add(new ContactSheet.Entry(shot, middle[0]));
        }
      }
      Map<String, AssetRef> files = new LinkedHashMap<>();
      for (CutPlan.File file : plan.files()) {
        Path out = dir.resolve(file.path());
        String step = "writing " + file.path();
        heartbeat.beat(step);
        if (file.soundOnly()) {
          media.sound(file.input(), (int) file.frames(), file.mastered() ? sound.chain() : null, out);
          files.put(file.path(), store.put(out, "audio/wav"));
        } else {
          media.video(file.input(), (int) file.frames(), file.mastered() ? sound.chain() : null, out, heartbeat, step);
          files.put(file.path(), store.put(out, "video/mp4"));
        }
      }
      heartbeat.beat("writing exports");
      Path sheet = dir.resolve("contact-sheet.png");
      ContactSheet.write(cut, entries, sheet);

      Map<String, AssetRef> outputs = new LinkedHashMap<>();
      outputs.put("final_cut", store.put(finalCut, "video/mp4"));
      outputs.put("timeline_otio", store.put(write(dir, "timeline.otio", OtioExport.write(cut)),
          "application/vnd.opentimelineio+json"));
      outputs.put("cut_edl", store.put(write(dir, "cut.edl", EdlExport.write(cut)), "text/plain"));
      outputs.put("cut_fcpxml", store.put(write(dir, "cut.fcpxml", fcpxml(cut)), "application/xml"));
      outputs.put("contact_sheet", store.put(sheet, "image/png"));
      AssetRef manifest = store.put(write(dir, "manifest.json",
          ManifestExport.write(request, cut, audit, outputs, files)), "application/json");
      return new AssemblyResult(outputs.get("final_cut"), outputs.get("timeline_otio"), outputs.get("cut_edl"),
          outputs.get("cut_fcpxml"), outputs.get("contact_sheet"), manifest, cut.totalFrames() / (double) format.fps(),
          Map.copyOf(files));
    } finally {
      deleteRecursively(dir);
    }
  }

  /** The audio {@link SequenceWriter} writes for these clips and frame counts, before any filter. */
  private static void playMix(List<Path> clips, List<Integer> frameCounts, VideoFormat format, Mastering.Samples into,
      ActivityHeartbeat heartbeat) throws IOException {
    int chunk = Ffmpeg.SAMPLE_RATE / 10;
    float[] samples = new float[chunk * SequenceWriter.CHANNELS];
    long firstFrame = 0;
    for (int i = 0; i < clips.size(); i++) {
      heartbeat.beat("measuring the loudness of shot " + (i + 1) + "/" + clips.size());
      int left = SequenceWriter.samplesFor(format, firstFrame, frameCounts.get(i));
      try (AudioReader audio = new AudioReader(clips.get(i), SequenceWriter.CHANNELS)) {
        while (left > 0) {
          int n = Math.min(chunk, left);
          audio.read(samples, n);
          into.accept(samples, n);
          left -= n;
        }
      }
      firstFrame += frameCounts.get(i);
    }
  }

  Path input(AssetRef ref, String field) {
    if (ref == null || !store.exists(ref.id())) {
      throw new IllegalArgumentException(field + ": unknown asset " + (ref == null ? null : ref.uri()));
    }
    return store.path(ref.id());
  }

  private static void requireFormat(VideoFormat format) {
    if (format == null || format.width() <= 0 || format.height() <= 0 || format.fps() <= 0
        || format.width() % 2 != 0 || format.height() % 2 != 0) {
      throw new IllegalArgumentException("format: needs even width and height and a positive fps, got " + format);
    }
  }

  private static byte[] fcpxml(Cut cut) throws IOException {
    try {
      return FcpxmlExport.write(cut);
    } catch (XMLStreamException e) {
      throw new IOException("cannot write FCPXML", e);
    }
  }

  private static Path write(Path dir, String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package io.shotflow.workflows.shot;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.review.Subjects;
import io.shotflow.shot.CharacterReferences;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.shot.Take;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.ReviewGate;
import io.shotflow.spec.ShotLipSync;
import io.shotflow.spec.ShotSpec;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Objects;

/**
 * The generations of one shot, one named factory per kind. Every request carries the shot's model ({@link StoryboardSettings#model()}:
 * its own, else the storyboard's), the storyboard's tier and format, the shot's negative prompt, and the idempotency key {@code <storyboard>/<shot>/<subject>/a<attempt>/v<variant>}.
 * The keyframes, clip and extend steps of a shot with characters carry their approved references; with
 * {@code audio: native} the clip and extend steps ask the model for sound, and the clip speaks the line.
 */
final class GenerationRequests {

  private final String storyboardId;
  private final ShotSpec shot;
  private final StoryboardSettings settings;
  private final ProviderCapabilities capabilities;
  /** The references of the shot's characters, in the order it names them. */
  private final List<AssetRef> references;
  /** The voice of the first of the shot's characters that has one (null: none). */
  private final String characterVoice;

  GenerationRequests(String storyboardId, ShotSpec shot, StoryboardSettings settings, ProviderCapabilities capabilities) {
    this(storyboardId, shot, settings, capabilities, List.of());
  }

  GenerationRequests(String storyboardId, ShotSpec shot, StoryboardSettings settings, ProviderCapabilities capabilities,
      List<CharacterReferences> characters) {
    this.storyboardId = storyboardId;
    this.shot = shot;
    this.settings = settings;
    this.capabilities = capabilities;
    this.references = characters.stream().flatMap(c -> c.references().stream()).toList();
    this.characterVoice = characters.stream().map(CharacterReferences::voiceId).filter(Objects::nonNull)
        .findFirst().orElse(null);
  }

  /** A keyframe ({@code which}: start or end) generated from its prompt: one take, under the keyframe gate. */
  Generation keyframe(String which) {
    return generation(Subjects.keyframe(shot.id(), which), "kf-" + which, GenerationKind.KEYFRAME, settings.provider(),
        1, settings.review().keyframeGate(), 0, Inputs.NONE.referring(references));
  }

  /** Reference {@code n} (from 1) of a character's sheet, generated from its prompt: one take, under the keyframe gate. */
  Generation characterReference(String characterId, int n) {
    return generation(Subjects.character(characterId, n), "ref" + n, GenerationKind.KEYFRAME, settings.provider(), 1,
        settings.review().keyframeGate(), 0, Inputs.NONE);
  }

  /** The clip from its keyframes ({@code endFrame} is null when the shot has none). */
  Generation clip(AssetRef startFrame, AssetRef endFrame) {
    return generation(Subjects.clip(shot.id()), "clip", GenerationKind.CLIP, settings.provider(), shot.variants(),
        settings.review().clipGate(), shot.duration(), Inputs.frames(startFrame, endFrame).referring(references)
            .sounding(shot.nativeAudio(), nativeLine()));
  }

  /** Extend step {@code n}: a clip from {@code lastFrame} of {@code source}, joined after it. */
  Generation extend(int n, AssetRef lastFrame, AssetRef source) {
    return generation(Subjects.extend(shot.id(), n), "ext" + n, GenerationKind.EXTEND, settings.provider(),
        shot.variants(), settings.review().clipGate(), shot.duration(),
        Inputs.continuing(lastFrame, source).referring(references).sounding(shot.nativeAudio(), null));
  }

  /**
   * Whether the extend step after {@code source} goes through its provider's native extend: the provider declares one
   * for the shot's model and the storyboard's tier and named the source's video.
   */
  boolean extendsNatively(Take source) {
    return source.outputVideoId() != null
        && capabilities.find(source.provider(), settings.model(), settings.tier())
            .map(Capabilities::nativeExtend).orElse(false);
  }

  /** Extend step {@code n} as the source's provider's own extension of its video, which only that provider holds. */
  Generation nativeExtend(int n, Take source) {
    return generation(Subjects.extend(shot.id(), n), "ext" + n, GenerationKind.EXTEND, source.provider(),
        shot.variants(), settings.review().clipGate(), shot.duration(),
        Inputs.extending(source.asset(), source.outputVideoId()));
  }

  /**
   * The shot's lip-sync plan ({@link ShotLipSync}) on the storyboard's snapshot of capabilities: {@code separateClips}
   * when each clip and extend step is a video of its own, {@code dialogueSeconds} the recording's length (null while
   * it is not measured). A storyboard whose plan is refused here passed validation on other capabilities: a defect.
   */
  LipSyncPlan lipSyncPlan(boolean separateClips, Double dialogueSeconds) {
    LipSyncPlan.Outcome outcome = ShotLipSync.plan(lipSyncProvider(), settings.fallbackProviders(), shot,
        separateClips, dialogueSeconds, capabilities::lipSync);
    if (!outcome.planned()) {
      throw ApplicationFailure.newNonRetryableFailure("shot " + shot.id() + ": no lip-sync path stays within its "
          + "provider's limits: " + outcome.refusal(), "LipSyncOutOfLimits");
    }
    return outcome.plan();
  }

  /** {@code dialogue.lip_sync.provider}, else the storyboard's provider. */
  private String lipSyncProvider() {
    String chosen = shot.dialogue().lipSync().provider();
    return chosen != null ? chosen : settings.provider();
  }

  /**
   * The lip-sync of the whole shot's {@code video} on {@code provider}, to {@code audio} (a piece cut for it; null: the
   * shot's recording as given) or the shot's line of text. {@code made} is the take that made that video when it is
   * one provider output as the provider returned it (no join, no re-encode): when the lip-sync goes to that same
   * provider, the request names the video by the provider's own id too, so the provider needs no URL to fetch it.
   */
  Generation lipSync(String provider, AssetRef video, AssetRef audio, Take made) {
    return speaking(Subjects.lipSync(shot.id()), "lipsync", provider, video, audio, shot.totalSeconds(), made);
  }

  /**
   * The lip-sync of segment {@code n} (from 1, in the shot's order) of a shot split at its clip boundaries: its
   * {@code seconds} of {@code video} to {@code audio}, the piece of the recording heard over it.
   */
  Generation lipSyncSegment(int n, String provider, AssetRef video, AssetRef audio, int seconds, Take made) {
    return speaking(Subjects.lipSync(shot.id(), n), "lipsync" + n, provider, video, audio, seconds, made);
  }

  private Generation speaking(String subject, String takePrefix, String provider, AssetRef video, AssetRef audio,
      int seconds, Take made) {
    DialogueSpec dialogue = shot.dialogue();
    AssetRef recording = audio != null ? audio : dialogue.audio() == null ? null : AssetRef.fromUri(dialogue.audio());
    GenerationRequest.Speech speech = dialogue.text() == null ? null : new GenerationRequest.Speech(dialogue.text(),
        dialogue.voiceId(), dialogue.voiceLanguage(), dialogue.voiceSpeed().doubleValue());
    return generation(subject, takePrefix, GenerationKind.LIP_SYNC, provider, 1, settings.review().lipSyncGate(),
        seconds, Inputs.speaking(video, recording, speech,
            made != null && provider.equals(made.provider()) ? made.outputVideoId() : null));
  }

  /**
   * The line the model speaks with {@code audio: native}: {@code dialogue.text} in {@code dialogue.voice_id}, else in
   * the voice of the first of the shot's characters that has one (null: the model's own voice).
   */
  private GenerationRequest.Speech nativeLine() {
    DialogueSpec dialogue = shot.dialogue();
    if (dialogue == null || dialogue.text() == null) {
      return null;
    }
    String voice = dialogue.voiceId() != null ? dialogue.voiceId() : characterVoice;
    return new GenerationRequest.Speech(dialogue.text(), voice, dialogue.voiceLanguage(),
        dialogue.voiceSpeed().doubleValue());
  }

  private Generation generation(String subject, String takePrefix, GenerationKind kind, String provider, int variants,
      ReviewGate gate, int seconds, Inputs in) {
    return new Generation(subject, takePrefix, kind, provider, variants, gate, seconds,
        (prompt, attempt, variant) -> new GenerationRequest(
            storyboardId + "/" + shot.id() + "/" + subject + "/a" + attempt + "/v" + variant,
            storyboardId, shot.id(), kind, provider, settings.model(), settings.tier(), prompt, shot.negativePrompt(),
            seconds, settings.width(), settings.height(), settings.fps(), settings.aspectRatio(),
            in.startFrame(), in.endFrame(), in.sourceVideo(), in.audio(), variant, in.speech(), in.sourceVideoId(),
            in.references(), in.nativeAudio()));
  }

  /** The media a request starts from; each kind sets its own and leaves the rest null. */
  private record Inputs(AssetRef startFrame, AssetRef endFrame, AssetRef sourceVideo, AssetRef audio,
      GenerationRequest.Speech speech, String sourceVideoId, List<AssetRef> references, boolean nativeAudio) {

    static final Inputs NONE = new Inputs(null, null, null, null, null, null, List.of(), false);

    static Inputs frames(AssetRef startFrame, AssetRef endFrame) {
      return new Inputs(startFrame, endFrame, null, null, null, null, List.of(), false);
    }

    static Inputs continuing(AssetRef lastFrame, AssetRef sourceVideo) {
      return new Inputs(lastFrame, null, sourceVideo, null, null, null, List.of(), false);
    }

    static Inputs extending(AssetRef sourceVideo, String sourceVideoId) {
      return new Inputs(null, null, sourceVideo, null, null, sourceVideoId, List.of(), false);
    }

    static Inputs speaking(AssetRef video, AssetRef audio, GenerationRequest.Speech speech, String videoId) {
      return new Inputs(null, null, video, audio, speech, videoId, List.of(), false);
    }

    /** The same inputs conditioned on {@code refs} (the shot's characters). */
    Inputs referring(List<AssetRef> refs) {
      return new Inputs(startFrame, endFrame, sourceVideo, audio, speech, sourceVideoId, refs, nativeAudio);
    }

    /** The same inputs asking for the model's own sound when {@code on}, speaking {@code line} (null: no line). */
    Inputs sounding(boolean on, GenerationRequest.Speech line) {
      return on ? new Inputs(startFrame, endFrame, sourceVideo, audio, line, sourceVideoId, references, true) : this;
    }
  }
}

package io.shotflow.api.storyboard;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.spec.ShotLipSync;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.StoryboardSpec;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * What a storyboard's provider paths need from this server's configuration, checked at submission so nothing is
 * paid for a storyboard that would stop halfway. Kling's lip-sync takes the video by Kling's own {@code video_id} when
 * it is a Kling video as Kling made it (the shot's clip from Kling, no extend, only Kling's native extends, or each
 * segment of a lip-sync split at the clip boundaries), and otherwise fetches it by URL, which needs
 * {@code shotflow.public-url}.
 */
@Singleton
public class ProviderPreflight {

  private final boolean publicUrl;

  public ProviderPreflight(@Nullable @Value("${shotflow.public-url}") String publicUrl) {
    this.publicUrl = publicUrl != null && !publicUrl.isBlank();
  }

  /** Every problem, each naming its shot and field; empty when every path can run. */
  public List<SpecError> check(StoryboardSpec spec) {
    List<SpecError> errors = new ArrayList<>();
    for (int i = 0; i < spec.shots().size(); i++) {
      ShotSpec shot = spec.shots().get(i);
      if (shot.dialogue() == null || publicUrl) {
        continue;
      }
      String lipSync = shot.dialogue().lipSync().provider() != null ? shot.dialogue().lipSync().provider()
          : spec.provider();
      if (ProviderCatalog.KLING.equals(lipSync) && !klingVideoAsMade(spec, shot)) {
        errors.add(new SpecError("shots[" + i + "].dialogue", shot.id(), "Kling's lip-sync can name only a Kling "
            + "video as Kling made it; this shot's video is " + (ProviderCatalog.KLING.equals(spec.provider())
                ? "joined from its extend steps" : "made by " + spec.provider())
            + ", which Kling must fetch by URL, and shotflow.public-url is not set: set it to an address Kling can "
            + "reach, or choose another lip-sync provider (dialogue.lip_sync.provider)"));
      }
    }
    return errors;
  }

  /**
   * Whether every video the shot's Kling lip-sync is sent is a Kling video as Kling made it: the clip alone, the whole
   * video of Kling's native extends, or, when the lip-sync is split at the clip boundaries ({@link ShotLipSync}), each
   * segment one Kling clip.
   */
  private static boolean klingVideoAsMade(StoryboardSpec spec, ShotSpec shot) {
    if (!ProviderCatalog.KLING.equals(spec.provider())) {
      return false;
    }
    if (shot.extend().isEmpty() || ProviderCatalog.find(ProviderCatalog.KLING, spec.model(), spec.tier())
        .map(Capabilities::nativeExtend).orElse(false)) {
      return true;
    }
    LipSyncPlan.Outcome plan = ShotLipSync.plan(ProviderCatalog.KLING, spec.fallbackProviders(), shot, true, null,
        ProviderCatalog::lipSync);
    return plan.planned() && !plan.plan().whole() && ProviderCatalog.KLING.equals(plan.plan().provider())
        && plan.plan().segments().stream().allMatch(s -> s.firstClip() == s.lastClip());
  }
}

package io.shotflow.api.storyboard;

import io.shotflow.asset.AssetLinks;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.spec.ShotLipSync;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.StoryboardSpec;
import jakarta.inject.Singleton;
import io.shotflow.catalog.WorkerRoster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a storyboard's provider paths need from this server's configuration, checked at submission so nothing is
 * paid for a storyboard that would stop halfway. Kling's lip-sync takes the video by Kling's own {@code video_id} when
 * it is a Kling video as Kling made it (the shot's clip from Kling, no extend, only Kling's native extends, or each
 * segment of a lip-sync split at the clip boundaries), and otherwise fetches it by URL, which needs asset links
 * ({@code shotflow.public-url} with the folder store; the S3 store always has them).
 *
 * <p>Credentials live with the workers, not necessarily with this process: a provider the storyboard uses (its
 * {@code provider}, a shot's {@code dialogue.lip_sync.provider}) must be one that some live worker can call
 * ({@link WorkerRoster}). While no worker is live nothing can be said, and the storyboard is accepted: its submits
 * wait on the provider's queue for a worker as before.
 */
@Singleton
public class ProviderPreflight {

  private final boolean links;
  private final WorkerRoster workers;

  public ProviderPreflight(AssetLinks links, WorkerRoster workers) {
    this.links = links.available();
    this.workers = workers;
  }

  /** Every problem, each naming its shot and field; empty when every path can run. */
  public List<SpecError> check(StoryboardSpec spec) {
    List<SpecError> errors = new ArrayList<>(callable(spec));
    for (int i = 0; i < spec.shots().size(); i++) {
      ShotSpec shot = spec.shots().get(i);
      if (!shot.lipSynced() || links) {
        continue;
      }
      String lipSync = shot.dialogue().lipSync().provider() != null ? shot.dialogue().lipSync().provider()
          : spec.provider();
      if (ProviderCatalog.KLING.equals(lipSync) && !klingVideoAsMade(spec, shot)) {
        errors.add(new SpecError("shots[" + i + "].dialogue", shot.id(), "Kling's lip-sync can name only a Kling "
            + "video as Kling made it; this shot's video is " + (ProviderCatalog.KLING.equals(spec.provider())
                ? "joined from its extend steps" : "made by " + spec.provider())
            + ", which Kling must fetch by URL, and shotflow.public-url is not set: set it to an address Kling can "
            + "reach (or keep assets in S3, shotflow.assets.store=s3), or choose another lip-sync provider "
            + "(dialogue.lip_sync.provider)"));
      }
    }
    return errors;
  }

  /** A provider the storyboard uses that no live worker can call, named by its field; none while no worker is live. */
  private List<SpecError> callable(StoryboardSpec spec) {
    Optional<Set<String>> callable = workers.callableProviders();
    if (callable.isEmpty()) {
      return List.of();
    }
    List<SpecError> errors = new ArrayList<>();
    if (spec.provider() != null && !callable.get().contains(spec.provider())) {
      errors.add(new SpecError("provider", null, notCallable(spec.provider(), callable.get())));
    }
    for (int i = 0; i < spec.shots().size(); i++) {
      ShotSpec shot = spec.shots().get(i);
      String lipSync = shot.dialogue() == null ? null : shot.dialogue().lipSync().provider();
      if (lipSync != null && !callable.get().contains(lipSync)) {
        errors.add(new SpecError("shots[" + i + "].dialogue.lip_sync.provider", shot.id(),
            notCallable(lipSync, callable.get())));
      }
    }
    return errors;
  }

  private static String notCallable(String provider, Set<String> callable) {
    return "no running worker can call " + provider + " (workers hold credentials for " + String.join(", ", callable)
        + "): start a worker with shotflow.providers." + provider + "."
        + (ProviderCatalog.KLING.equals(provider) ? "access-key and .secret-key" : "api-key")
        + ", or choose one of those providers";
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
    if (shot.extend().isEmpty() || ProviderCatalog.find(ProviderCatalog.KLING, spec.modelOf(shot), spec.tier())
        .map(Capabilities::nativeExtend).orElse(false)) {
      return true;
    }
    LipSyncPlan.Outcome plan = ShotLipSync.plan(ProviderCatalog.KLING, spec.fallbackProviders(), shot, true, null,
        ProviderCatalog::lipSync);
    return plan.planned() && !plan.plan().whole() && ProviderCatalog.KLING.equals(plan.plan().provider())
        && plan.plan().segments().stream().allMatch(s -> s.firstClip() == s.lastClip());
  }
}

package io.shotflow.api.storyboard;

import io.shotflow.asset.AssetLinks;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.SpecError;
import io.shotflow.spec.StoryboardSpec;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * What a storyboard's provider paths need from this server's configuration, checked at submission so nothing is
 * paid for a storyboard that would stop halfway. Kling's lip-sync takes the video by Kling's own {@code video_id} when
 * it is a Kling video as Kling made it (the shot's clip from Kling, no extend, or only Kling's native extends), and
 * otherwise fetches it by URL, which needs asset links ({@code shotflow.public-url} with the folder store; the S3 store
 * always has them).
 */
@Singleton
public class ProviderPreflight {

  private final boolean links;

  public ProviderPreflight(AssetLinks links) {
    this.links = links.available();
  }

  /** Every problem, each naming its shot and field; empty when every path can run. */
  public List<SpecError> check(StoryboardSpec spec) {
    List<SpecError> errors = new ArrayList<>();
    for (int i = 0; i < spec.shots().size(); i++) {
      ShotSpec shot = spec.shots().get(i);
      if (shot.dialogue() == null || links) {
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

  private static boolean klingVideoAsMade(StoryboardSpec spec, ShotSpec shot) {
    return ProviderCatalog.KLING.equals(spec.provider()) && (shot.extend().isEmpty()
        || ProviderCatalog.find(ProviderCatalog.KLING, spec.model(), spec.tier())
            .map(Capabilities::nativeExtend).orElse(false));
  }
}

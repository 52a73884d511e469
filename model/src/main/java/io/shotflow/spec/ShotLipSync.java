package io.shotflow.spec;

import io.shotflow.provider.LipSyncCapabilities;
import io.shotflow.provider.LipSyncPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A shot's {@link LipSyncPlan} from its spec, the same at validation, at submission (once the dialogue's length is
 * measured) and in the shot's workflow. The candidates are the shot's lip-sync provider (its
 * {@code dialogue.lip_sync.provider}, else the storyboard's provider), then the storyboard's fallback providers that
 * lip-sync, in their order; {@code lipSync} looks a provider's limits up (the catalog, or a storyboard's snapshot).
 */
public final class ShotLipSync {

  private ShotLipSync() {}

  /**
   * {@code separateClips}: each clip and extend step is a video of its own (false when the provider's native extend
   * makes one video of them); {@code dialogueSeconds}: the recording's length, null while it is not measured.
   */
  public static LipSyncPlan.Outcome plan(String chosenProvider, List<String> fallbacks, ShotSpec shot,
      boolean separateClips, Double dialogueSeconds, Function<String, Optional<LipSyncCapabilities>> lipSync) {
    List<String> names = new ArrayList<>(List.of(chosenProvider));
    fallbacks.stream().filter(p -> !names.contains(p)).forEach(names::add);
    List<LipSyncCapabilities> candidates = names.stream().map(lipSync).flatMap(Optional::stream).toList();
    List<Integer> clips = new ArrayList<>();
    for (int i = 0; i <= shot.extend().size(); i++) {
      clips.add(shot.duration());
    }
    DialogueSpec dialogue = shot.dialogue();
    boolean text = dialogue.text() != null;
    return LipSyncPlan.of(new LipSyncPlan.Shot(clips, dialogue.startSeconds(), text ? null : dialogueSeconds, text,
        separateClips), candidates);
  }
}

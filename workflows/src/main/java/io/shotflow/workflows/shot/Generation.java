package io.shotflow.workflows.shot;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.shot.Take;
import io.shotflow.spec.ReviewGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One reviewable generation of a shot: a keyframe, the clip, an extend step or the lip-sync. It names its review
 * subject and its takes, the provider that makes it, how many takes a round makes and which gate applies, and builds
 * the request of each take ({@link GenerationRequests} makes them).
 */
record Generation(String subject, String takePrefix, GenerationKind kind, String provider, int variants,
    ReviewGate gate, int seconds, Requests requests) {

  /** Builds the request of one variant of one attempt. */
  @FunctionalInterface
  interface Requests {
    GenerationRequest build(String prompt, int attempt, int variant);
  }

  /** One round's takes, the first already approved under an automatic gate, and the failure a human must decide on. */
  record Round(List<Take> takes, String failure) {

    List<String> takeIds() {
      return takes.stream().map(Take::id).toList();
    }
  }

  /** Whether the first take goes on without a review. */
  boolean automatic() {
    return gate != ReviewGate.REQUIRED;
  }

  GenerationRequest request(String prompt, int attempt, int variant) {
    return requests.build(prompt, attempt, variant);
  }

  /** {@code clip-a2-v1}: attempt 2, variant 1; a keyframe or lip-sync makes one take a round and has no variant part. */
  String takeId(int attempt, int variant) {
    boolean perVariant = kind == GenerationKind.CLIP || kind == GenerationKind.EXTEND;
    return takePrefix + "-a" + attempt + (perVariant ? "-v" + variant : "");
  }

  /** How activity summaries name it: keyframe, clip, extend or lip-sync. */
  String label() {
    return switch (kind) {
      case KEYFRAME -> "keyframe";
      case CLIP -> "clip";
      case EXTEND -> "extend";
      case LIP_SYNC -> "lip-sync";
    };
  }

  /**
   * The round of {@code attempt} from its calls' outcomes, one per variant in order: a take for each call that made
   * one, and the first failure. Under an automatic gate the first take is approved when no call failed.
   */
  Round round(int attempt, String prompt, List<ProviderRouter.Outcome> outcomes) {
    List<Take> made = new ArrayList<>();
    String failure = null;
    for (int i = 0; i < outcomes.size(); i++) {
      ProviderRouter.Outcome outcome = outcomes.get(i);
      if (outcome.failure() != null) {
        failure = failure == null ? outcome.failure() : failure;
        continue;
      }
      GenerationResult result = outcome.result();
      made.add(new Take(takeId(attempt, i + 1), subject, kind.name().toLowerCase(Locale.ROOT), result.asset(),
          result.provider(), result.providerJobId(), result.costUsd(), prompt, false, attempt, outcome.route(),
          result.outputVideoId()));
    }
    if (automatic() && failure == null) {
      made.set(0, made.get(0).approve());
    }
    return new Round(List.copyOf(made), failure);
  }
}

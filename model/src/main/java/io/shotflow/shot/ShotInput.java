package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.CharacterSpec;
import java.math.BigDecimal;
import java.util.List;

/**
 * Input of one shot's child workflow. Image and audio references in {@code shot} are already {@code asset:} URIs.
 * {@code startFrom}/{@code endFrom} carry the last frame of the shot named by a {@code from} keyframe.
 * {@code allowanceUsd} is the share of the budget reserved for this shot at start; spending beyond it asks
 * the storyboard workflow for more. {@code reportLastFrame} asks the shot to signal its last frame to the
 * parent as soon as its clips are approved, because a later shot continues from it. {@code rateCard} and
 * {@code capabilities} are the storyboard's snapshots of prices and of what its providers declare.
 * {@code endFrom} is also the approved start keyframe of the shot an {@code end_frame: { to: ... }} names.
 * {@code reportStartKeyframe} asks the shot to signal its start keyframe once approved, because another shot ends on it.
 * {@code characters} are the approved references of the characters the shot names. A non-null {@code sheet} makes
 * this child a character's sheet instead of a shot: it makes and reviews the character's references and returns them
 * ({@code shot} then only names it, with the id {@code character:<id>}).
 */
public record ShotInput(
    String storyboardId,
    String parentWorkflowId,
    ShotSpec shot,
    StoryboardSettings settings,
    AssetRef startFrom,
    AssetRef endFrom,
    BigDecimal allowanceUsd,
    boolean reportLastFrame,
    RateCard rateCard,
    ProviderCapabilities capabilities,
    boolean reportStartKeyframe,
    List<CharacterReferences> characters,
    CharacterSpec sheet) {

  public ShotInput {
    characters = characters == null ? List.of() : List.copyOf(characters);
  }

  /** A shot without characters, whose start keyframe no other shot ends on. */
  public ShotInput(String storyboardId, String parentWorkflowId, ShotSpec shot, StoryboardSettings settings,
      AssetRef startFrom, AssetRef endFrom, BigDecimal allowanceUsd, boolean reportLastFrame, RateCard rateCard,
      ProviderCapabilities capabilities) {
    this(storyboardId, parentWorkflowId, shot, settings, startFrom, endFrom, allowanceUsd, reportLastFrame, rateCard,
        capabilities, false, List.of(), null);
  }
}

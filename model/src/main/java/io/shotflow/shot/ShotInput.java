package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.spec.ShotSpec;
import java.math.BigDecimal;

/**
 * Input of one shot's child workflow. Image and audio references in {@code shot} are already {@code asset:} URIs.
 * {@code startFrom}/{@code endFrom} carry the last frame of the shot named by a {@code from} keyframe.
 * {@code allowanceUsd} is the share of the budget reserved for this shot at start; spending beyond it asks
 * the storyboard workflow for more. {@code reportLastFrame} asks the shot to signal its last frame to the
 * parent as soon as its clips are approved, because a later shot continues from it. {@code rateCard} and
 * {@code capabilities} are the storyboard's snapshots of prices and of what its providers declare.
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
    ProviderCapabilities capabilities) {}

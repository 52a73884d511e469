package io.shotflow.temporal;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Search attributes operators filter on in the Temporal UI (docs/api.md, "Search attributes"). Registered at start on the embedded server. */
public final class SearchAttributes {

  public static final SearchAttributeKey<String> STORYBOARD_ID = SearchAttributeKey.forKeyword("StoryboardId");
  public static final SearchAttributeKey<String> SHOT_ID = SearchAttributeKey.forKeyword("ShotId");
  public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("Stage");
  public static final SearchAttributeKey<Boolean> AWAITING_REVIEW = SearchAttributeKey.forBoolean("AwaitingReview");
  public static final SearchAttributeKey<String> PROVIDER = SearchAttributeKey.forKeyword("Provider");
  public static final SearchAttributeKey<Double> SPEND_USD = SearchAttributeKey.forDouble("SpendUsd");

  public static final List<SearchAttributeKey<?>> ALL =
      List.of(STORYBOARD_ID, SHOT_ID, STAGE, AWAITING_REVIEW, PROVIDER, SPEND_USD);

  private SearchAttributes() {}
}

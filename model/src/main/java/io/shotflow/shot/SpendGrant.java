package io.shotflow.shot;

import io.shotflow.storyboard.SpendRequest;

/** The storyboard's answer to {@link SpendRequest} number {@code seq}; sent when budget is available. */
public record SpendGrant(int seq, boolean granted) {}

package io.shotflow.shot;

/** The storyboard's answer to its {@code SpendRequest} number {@code seq}; sent when budget is available. */
public record SpendGrant(int seq, boolean granted) {}

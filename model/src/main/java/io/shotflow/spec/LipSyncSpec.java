package io.shotflow.spec;

/** Provider of the lip-sync post step; null means the storyboard's provider. */
public record LipSyncSpec(String provider) {}

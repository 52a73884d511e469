package io.shotflow.storyboard;

import io.shotflow.media.AssetRef;

/** The final cut and the files an editor opens, all stored as assets. */
public record AssemblyResult(
    AssetRef finalCut,
    AssetRef timelineOtio,
    AssetRef cutEdl,
    AssetRef cutFcpxml,
    AssetRef contactSheet,
    AssetRef manifest,
    double durationSeconds) {}

package io.shotflow.storyboard;

import io.shotflow.media.AssetRef;
import java.util.Map;

/**
 * The final cut and the files an editor opens, all stored as assets. {@code media} holds the per-shot files the
 * timelines reference, by their path relative to the output folder ({@code shots/<shot>.mp4},
 * {@code takes/<shot>/<take>.mp4}, {@code audio/<shot>.wav}); null for cuts assembled before there were any.
 */
public record AssemblyResult(
    AssetRef finalCut,
    AssetRef timelineOtio,
    AssetRef cutEdl,
    AssetRef cutFcpxml,
    AssetRef contactSheet,
    AssetRef manifest,
    double durationSeconds,
    Map<String, AssetRef> media) {

  /** A result without per-shot media. */
  public AssemblyResult(AssetRef finalCut, AssetRef timelineOtio, AssetRef cutEdl, AssetRef cutFcpxml,
      AssetRef contactSheet, AssetRef manifest, double durationSeconds) {
    this(finalCut, timelineOtio, cutEdl, cutFcpxml, contactSheet, manifest, durationSeconds, null);
  }
}

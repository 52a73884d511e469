package io.shotflow.media;

/** The storyboard's delivery format: every clip is normalised to it before concatenation. */
public record VideoFormat(int width, int height, int fps) {}

package io.shotflow.spec;

/** One continuation step: a clip of the shot's duration that starts on the last frame of the clip before it. */
public record ExtendSpec(String prompt) {}

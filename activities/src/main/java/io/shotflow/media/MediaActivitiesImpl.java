package io.shotflow.media;

import jakarta.inject.Singleton;

/** Shell replaced on the media branch. */
@Singleton
public class MediaActivitiesImpl implements MediaActivities {
  @Override public AssetRef extractLastFrame(AssetRef video) { throw new IllegalStateException("not merged yet"); }
  @Override public AssetRef joinClips(JoinRequest request) { throw new IllegalStateException("not merged yet"); }
  @Override public AssemblyResult assemble(AssemblyRequest request) { throw new IllegalStateException("not merged yet"); }
}

package io.shotflow.activities.provider.local;

import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

/** A one-second 320×180 test clip, for tests outside this package that need a real MP4. */
public final class ClipRendererFixture {

  public void write(Path out) throws IOException {
    new ClipRenderer().render(new ClipRenderer.Clip(TestMedia.picture(320, 180, Color.GRAY, Color.WHITE), null,
        320, 180, 24, 24, 1L, 1L, "remote · CLIP v1"), out, n -> {});
  }
}

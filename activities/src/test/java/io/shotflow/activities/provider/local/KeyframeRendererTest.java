package io.shotflow.activities.provider.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyframeRendererTest {

  @TempDir Path dir;

  private final KeyframeRenderer renderer = new KeyframeRenderer();

  @Test
  void writesAPngCardOfTheRequestedSize() throws Exception {
    Path png = dir.resolve("start.png");
    renderer.renderPng("reveal", "A closed matte-black box on a pedestal", KeyframeRenderer.Which.START, 1,
        1280, 720, png);

    BufferedImage card = ImageIO.read(png.toFile());
    assertEquals(1280, card.getWidth());
    assertEquals(720, card.getHeight());
    byte[] header = new byte[8];
    System.arraycopy(Files.readAllBytes(png), 0, header, 0, 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, header);
  }

  @Test
  void isDeterministicAndDependsOnPromptAndSide() throws Exception {
    Path a = dir.resolve("a.png");
    Path b = dir.resolve("b.png");
    renderer.renderPng("reveal", "Camera pushes in", KeyframeRenderer.Which.START, 1, 640, 360, a);
    renderer.renderPng("reveal", "Camera pushes in", KeyframeRenderer.Which.START, 1, 640, 360, b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same input, same bytes");

    BufferedImage start = renderer.render("reveal", "Camera pushes in", KeyframeRenderer.Which.START, 1, 640, 360);
    BufferedImage end = renderer.render("reveal", "The lid lifts", KeyframeRenderer.Which.END, 1, 640, 360);
    assertTrue(TestMedia.meanDifference(start, end) > 5, "start and end cards differ");
    BufferedImage otherTake = renderer.render("reveal", "Camera pushes in", KeyframeRenderer.Which.START, 2, 640, 360);
    assertTrue(TestMedia.meanDifference(start, otherTake) > 2, "variants are different takes");
  }

  @Test
  void portraitCardsKeepTheirSize() {
    BufferedImage card = renderer.render("tall", "A long prompt ".repeat(30), KeyframeRenderer.Which.END, 1, 720, 1280);
    assertEquals(720, card.getWidth());
    assertEquals(1280, card.getHeight());
  }
}

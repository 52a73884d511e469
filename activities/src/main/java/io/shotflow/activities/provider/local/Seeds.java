package io.shotflow.activities.provider.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable seeds and ids from text, so the local provider renders the same pixels for the same request. */
final class Seeds {

  private Seeds() {}

  static long of(String... parts) {
    byte[] digest = sha256(String.join("\u0000", parts));
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (digest[i] & 0xff);
    }
    return seed;
  }

  static String hex(String text, int chars) {
    return HexFormat.of().formatHex(sha256(text)).substring(0, chars);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}

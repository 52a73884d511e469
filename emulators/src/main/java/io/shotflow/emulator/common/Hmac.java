package io.shotflow.emulator.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The digests the emulators sign webhooks and count submissions with. */
public final class Hmac {

  private Hmac() {}

  /** HMAC-SHA256 of {@code prefix} (UTF-8) followed by {@code body}. */
  public static byte[] sha256(byte[] key, String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Hex SHA-256 of {@code path}, a newline and the raw request body: a submission's key when there is no client key. */
  public static String requestKey(String path, byte[] body) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(path.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      return HexFormat.of().formatHex(sha256.digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}

package io.shotflow.platform.temporal.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key for workflow payloads and its id. The id is the start of the key's SHA-256 fingerprint, so it is
 * the same wherever the key is configured and needs no configuration of its own; it is written into every payload the
 * key encrypts, so that after a rotation the older payloads find the key that opens them.
 */
public record PayloadKey(String id, SecretKey secret) {

  static final int KEY_BYTES = 32;
  private static final int ID_BYTES = 6;

  @Override
  public String toString() {
    return "PayloadKey[" + id + "]";
  }

  /**
   * The key in {@code base64} (standard or URL-safe alphabet, 32 bytes once decoded).
   *
   * @throws IllegalArgumentException naming {@code source} when it is not such a key; the text of the key is never
   *     repeated in the message
   */
  public static PayloadKey fromBase64(String base64, String source) {
    byte[] bytes;
    try {
      String text = base64.strip();
      bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not base64 (expected a 256-bit AES key, e.g. from "
          + "`openssl rand -base64 32`)");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(source + " is " + bytes.length + " bytes once decoded; an AES-256 key is "
          + KEY_BYTES + " bytes (e.g. `openssl rand -base64 32`)");
    }
    return of(bytes);
  }

  /** A new random key, base64. */
  public static String generateBase64() {
    byte[] bytes = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  static PayloadKey of(byte[] bytes) {
    try {
      byte[] fingerprint = MessageDigest.getInstance("SHA-256").digest(bytes);
      byte[] idBytes = new byte[ID_BYTES];
      System.arraycopy(fingerprint, 0, idBytes, 0, ID_BYTES);
      return new PayloadKey(HexFormat.of().formatHex(idBytes), new SecretKeySpec(bytes, "AES"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The id bytes as they travel in payload metadata. */
  byte[] idBytes() {
    return id.getBytes(StandardCharsets.UTF_8);
  }
}

package io.shotflow.platform.temporal.codec;

import io.shotflow.platform.files.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the payload keys come from, first match wins:
 * <ol>
 *   <li>{@code shotflow.temporal.encryption-key}: the current key (base64, 32 bytes);</li>
 *   <li>{@code shotflow.temporal.encryption-keys-file}: a file of keys, one base64 key a line ({@code #} starts a
 *       comment), the first line the current key, the others older keys kept for decryption;</li>
 *   <li>otherwise the file {@code shotflow.temporal.generated-encryption-keys-file} (same format), created with one
 *       new key on first start, readable by its owner only, and read again at every later start.</li>
 * </ol>
 * With an explicit current key, the keys file, when also set, contributes its keys as older keys: that is how a
 * rotation keeps old histories readable.
 */
public final class PayloadKeysLoader {

  static final String KEY_PROPERTY = "shotflow.temporal.encryption-key";
  static final String FILE_PROPERTY = "shotflow.temporal.encryption-keys-file";
  static final String GENERATED_PROPERTY = "shotflow.temporal.generated-encryption-keys-file";

  private PayloadKeysLoader() {}

  /**
   * @throws IllegalArgumentException naming the property or file at fault; key text never appears in messages
   */
  public static PayloadKeys load(String key, String keysFile, String generatedFile) {
    List<PayloadKey> fromFile = keysFile == null || keysFile.isBlank() ? List.of() : read(Path.of(keysFile));
    if (key != null && !key.isBlank()) {
      return new PayloadKeys(PayloadKey.fromBase64(key, KEY_PROPERTY), fromFile,
          KEY_PROPERTY + (fromFile.isEmpty() ? "" : ", older keys from " + keysFile));
    }
    if (!fromFile.isEmpty()) {
      return new PayloadKeys(fromFile.get(0), fromFile.subList(1, fromFile.size()), FILE_PROPERTY + " " + keysFile);
    }
    Path generated = Path.of(generatedFile);
    try {
      OwnerOnlyFile.createIfAbsent(generated, "# The key Shotflow encrypts Temporal payloads with, generated on first "
          + "start. Every worker and API\n# process of this installation needs it; without it no history can be "
          + "read. To rotate, put a new key\n# on the first line and keep the old ones below it (docs/operations.md, "
          + "\"Encrypted history\").\n" + PayloadKey.generateBase64() + "\n");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create the payload key file " + generated + " (set "
          + GENERATED_PROPERTY + " to a writable path, or configure " + KEY_PROPERTY + "): " + e.getMessage(), e);
    }
    List<PayloadKey> keys = read(generated);
    return new PayloadKeys(keys.get(0), keys.subList(1, keys.size()), GENERATED_PROPERTY + " " + generated);
  }

  private static List<PayloadKey> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the payload key file " + file + ": " + e.getMessage(), e);
    }
    List<PayloadKey> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        keys.add(PayloadKey.fromBase64(line, "line " + (i + 1) + " of the payload key file " + file));
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the payload key file " + file + " holds no key");
    }
    return keys;
  }
}

package io.shotflow.platform.temporal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedPayloadCodecTest {

  private static final String PROMPT = "Camera pushes in as the lid lifts";

  @TempDir Path dir;

  private static EncryptedPayloadCodec codec(String currentKey, String... older) {
    return new EncryptedPayloadCodec(new PayloadKeys(PayloadKey.fromBase64(currentKey, "test key"),
        List.of(older).stream().map(k -> PayloadKey.fromBase64(k, "older key")).toList(), "test"));
  }

  private static Payload plain(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  @Test
  void encryptedPayloadsHideTheValueAndItsEncodingAndRoundTrip() {
    EncryptedPayloadCodec codec = codec(PayloadKey.generateBase64());
    Payload original = plain(Map.of("prompt", PROMPT));

    Payload encrypted = codec.encode(List.of(original)).get(0);

    String visible = encrypted.toByteString().toString(StandardCharsets.ISO_8859_1);
    assertFalse(visible.contains(PROMPT), "the prompt is readable in the encrypted payload");
    assertFalse(visible.contains("json/plain"), "the inner encoding is readable");
    assertEquals("binary/encrypted", encrypted.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals(codec.keys().current().id(), encrypted.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertEquals(original, codec.decode(List.of(encrypted)).get(0));
    // a fresh nonce each time: the same value never encrypts to the same bytes
    assertNotEquals(encrypted.getData(), codec.encode(List.of(original)).get(0).getData());
  }

  @Test
  void aCodecDataConverterWithTheCodecReadsBackWhatItWrote() {
    var converter = new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE,
        List.of(codec(PayloadKey.generateBase64())), true);
    Payload p = converter.toPayload(PROMPT).orElseThrow();
    assertTrue(EncryptedPayloadCodec.isEncrypted(p));
    assertEquals(PROMPT, converter.fromPayload(p, String.class, String.class));
  }

  @Test
  void afterARotationOldPayloadsStillDecryptAndNewOnesUseTheNewKey() {
    String oldKey = PayloadKey.generateBase64();
    String newKey = PayloadKey.generateBase64();
    Payload old = codec(oldKey).encode(List.of(plain(PROMPT))).get(0);

    EncryptedPayloadCodec rotated = codec(newKey, oldKey);

    assertEquals(plain(PROMPT), rotated.decode(List.of(old)).get(0));
    Payload fresh = rotated.encode(List.of(plain(PROMPT))).get(0);
    assertEquals(rotated.keys().current().id(), fresh.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertNotEquals(old.getMetadataOrThrow("encryption-key-id"), fresh.getMetadataOrThrow("encryption-key-id"));
  }

  @Test
  void aPayloadFromAnUnknownKeyFailsNamingTheKeyId() {
    EncryptedPayloadCodec writer = codec(PayloadKey.generateBase64());
    Payload encrypted = writer.encode(List.of(plain(PROMPT))).get(0);

    PayloadCodecException e = assertThrows(PayloadCodecException.class,
        () -> codec(PayloadKey.generateBase64()).decode(List.of(encrypted)));
    assertTrue(e.getMessage().contains("encrypted with key " + writer.keys().current().id()), e.getMessage());
    assertTrue(e.getMessage().contains("not among the configured keys"), e.getMessage());
  }

  @Test
  void aWrongKeyUnderTheRightIdOrAlteredDataFailsAuthentication() {
    EncryptedPayloadCodec writer = codec(PayloadKey.generateBase64());
    Payload encrypted = writer.encode(List.of(plain(PROMPT))).get(0);
    byte[] data = encrypted.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload altered = encrypted.toBuilder().setData(com.google.protobuf.ByteString.copyFrom(data)).build();

    PayloadCodecException e = assertThrows(PayloadCodecException.class, () -> writer.decode(List.of(altered)));
    assertTrue(e.getMessage().contains("does not authenticate"), e.getMessage());
  }

  @Test
  void unencryptedPayloadsPassThroughDecoding() {
    Payload original = plain(PROMPT);
    assertEquals(original, codec(PayloadKey.generateBase64()).decode(List.of(original)).get(0));
  }

  @Test
  void keysThatAreNotAes256AreRefusedWithoutQuotingThem() {
    IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
        () -> PayloadKey.fromBase64("c2hvcnQ=", "shotflow.temporal.encryption-key"));
    assertTrue(shortKey.getMessage().contains("5 bytes"), shortKey.getMessage());
    IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
        () -> PayloadKey.fromBase64("not a key!", "shotflow.temporal.encryption-key"));
    assertFalse(notBase64.getMessage().contains("not a key!"), notBase64.getMessage());
  }

  @Test
  void withoutConfiguredKeysAKeyIsGeneratedOnceIntoAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("data").resolve("temporal-payload-keys");

    PayloadKeys first = PayloadKeysLoader.load(null, null, file.toString());
    PayloadKeys second = PayloadKeysLoader.load(null, "", file.toString());

    assertEquals(first.current().id(), second.current().id(), "the second start reads the key the first generated");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void anExplicitKeyEncryptsAndTheKeysFileAddsOlderKeys() throws Exception {
    String older = PayloadKey.generateBase64();
    String current = PayloadKey.generateBase64();
    Path keysFile = Files.writeString(dir.resolve("keys"), "# old key\n" + older + "\n");

    PayloadKeys keys = PayloadKeysLoader.load(current, keysFile.toString(), dir.resolve("unused").toString());

    assertEquals(PayloadKey.fromBase64(current, "k").id(), keys.current().id());
    assertEquals(List.of(keys.current().id(), PayloadKey.fromBase64(older, "k").id()), keys.ids());
    assertFalse(Files.exists(dir.resolve("unused")), "no key is generated when one is configured");
  }

  @Test
  void aKeysFileWithABadLineNamesTheLine() throws Exception {
    Path keysFile = Files.writeString(dir.resolve("keys"), PayloadKey.generateBase64() + "\n\nshort\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PayloadKeysLoader.load(null, keysFile.toString(), dir.resolve("g").toString()));
    assertTrue(e.getMessage().contains("line 3 of the payload key file " + keysFile), e.getMessage());
  }
}

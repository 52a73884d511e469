package io.shotflow.platform.temporal.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every workflow payload with AES-256-GCM, in the layout Temporal's encryption samples use in every SDK: the
 * whole serialized payload (its data and its metadata, so even the encoding is hidden) becomes the data of a new
 * payload, {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}, with metadata {@code encoding: binary/encrypted}
 * and {@code encryption-key-id: <id>}. Decoding finds the key by that id; payloads that are not encrypted (written
 * before encryption was turned on) pass through unchanged.
 */
public final class EncryptedPayloadCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";

  private static final ByteString ENCODING_BYTES = ByteString.copyFrom(ENCODING, StandardCharsets.UTF_8);
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PayloadKeys keys;
  private final SecureRandom random = new SecureRandom();

  public EncryptedPayloadCodec(PayloadKeys keys) {
    this.keys = keys;
  }

  public PayloadKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> encoded = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      encoded.add(encrypt(p));
    }
    return encoded;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> decoded = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      decoded.add(isEncrypted(p) ? decrypt(p) : p);
    }
    return decoded;
  }

  /** True for a payload in this codec's layout. */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY));
  }

  private Payload encrypt(Payload plain) {
    PayloadKey key = keys.current();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
      sealed = cipher.doFinal(plain.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("AES-GCM encryption with key " + key.id() + " failed: " + e.getMessage(), e);
    }
    return Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFrom(key.idBytes()))
        .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
        .build();
  }

  private Payload decrypt(Payload encrypted) {
    String id = encrypted.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    if (id.isEmpty()) {
      throw failure("an encrypted payload has no " + KEY_ID + " in its metadata");
    }
    PayloadKey key = keys.byId(id).orElseThrow(() -> failure("a payload is encrypted with key " + id
        + ", which is not among the configured keys " + keys.ids() + " (" + keys.source() + "); configure that key "
        + "(older keys stay usable for decryption after a rotation, see docs/operations.md)"));
    byte[] data = encrypted.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw failure("an encrypted payload (key " + id + ") is " + data.length + " bytes, too short to hold a nonce "
          + "and a tag");
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw failure("a payload encrypted with key " + id + " does not authenticate: it was altered, or the key "
          + "configured under that id is not the one that encrypted it");
    } catch (GeneralSecurityException e) {
      throw failure("AES-GCM decryption with key " + id + " failed: " + e.getMessage());
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw failure("a payload decrypted with key " + id + " is not a Temporal payload: " + e.getMessage());
    }
  }

  private static PayloadCodecException failure(String message) {
    return new PayloadCodecException(message);
  }
}

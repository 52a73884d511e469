package io.shotflow.platform.temporal.codec;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The payload keys ({@link PayloadKeysLoader}) and the codec every Temporal client of this process encrypts with. */
@Factory
public class PayloadEncryptionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(PayloadEncryptionFactory.class);

  @Singleton
  EncryptedPayloadCodec payloadCodec(
      @Nullable @Value("${" + PayloadKeysLoader.KEY_PROPERTY + "}") String key,
      @Nullable @Value("${" + PayloadKeysLoader.FILE_PROPERTY + "}") String keysFile,
      @Value("${" + PayloadKeysLoader.GENERATED_PROPERTY + ":data/temporal-payload-keys}") String generatedFile) {
    PayloadKeys keys;
    try {
      keys = PayloadKeysLoader.load(key, keysFile, generatedFile);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Temporal payload encryption: " + e.getMessage(), e);
    }
    LOG.info("Temporal payloads are encrypted with key {} from {} ({} key(s) decrypt)", keys.current().id(),
        keys.source(), keys.ids().size());
    return new EncryptedPayloadCodec(keys);
  }
}

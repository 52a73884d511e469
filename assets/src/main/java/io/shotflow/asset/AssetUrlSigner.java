package io.shotflow.asset;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed, expiring asset URLs for providers (the folder store's {@link ApiAssetLinks}), which fetch inputs without a
 * bearer token:
 * {@code /api/assets/<id>?expires=<unix seconds>&sig=<hex HMAC-SHA256(id + "." + expires)>}.
 *
 * <p>The key is {@code shotflow.assets.url-signing-key} when set. Otherwise it is a random per-installation key kept in
 * {@code <shotflow.assets.root>/.url-signing-key} (created by whichever process starts first), so a separate API and
 * worker process on the same data folder sign and verify alike. The file name is never a valid asset id, so the asset
 * route cannot serve it.
 */
@Singleton
public class AssetUrlSigner {

  private static final Logger LOG = LoggerFactory.getLogger(AssetUrlSigner.class);
  static final String KEY_FILE = ".url-signing-key";
  static final String KEY_PROPERTY = "shotflow.assets.url-signing-key";
  private static final int MIN_CONFIGURED_KEY_CHARS = 16;
  private static final int KEY_BYTES = 32;
  private static final String HMAC = "HmacSHA256";

  /** What a presented signature is worth. */
  public enum Check { VALID, EXPIRED, INVALID }

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  @Inject
  public AssetUrlSigner(
      @Nullable @Value("${" + KEY_PROPERTY + "}") String configuredKey,
      @Value("${shotflow.assets.root:data/assets}") String assetsRoot,
      @Value("${shotflow.assets.url-ttl:PT24H}") Duration ttl) {
    this(keyBytes(configuredKey, Path.of(assetsRoot)), ttl, Clock.systemUTC());
  }

  public AssetUrlSigner(byte[] key, Duration ttl, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new ConfigurationException("shotflow.assets.url-ttl must be a positive duration, not " + ttl);
    }
    this.key = new SecretKeySpec(key.clone(), HMAC);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A signer with a fresh random key, for code that only needs URLs it signs itself to be well-formed. */
  public static AssetUrlSigner withRandomKey() {
    return new AssetUrlSigner(randomKey(), Duration.ofHours(24), Clock.systemUTC());
  }

  /** {@code expires=<unix>&sig=<hex>} for {@code assetId}, valid for the configured lifetime from now. */
  public String query(String assetId) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return "expires=" + expires + "&sig=" + sign(assetId, expires);
  }

  /**
   * {@link #query} with the expiry rounded up to a whole multiple of {@code step} (so at least the configured lifetime
   * from now): calls within one step sign the same URL, so a request body that carries it is byte-identical when it is
   * sent again under an idempotency key.
   */
  public String stableQuery(String assetId, Duration step) {
    long earliest = clock.instant().plus(ttl).getEpochSecond();
    long seconds = Math.max(1, step.toSeconds());
    long expires = Math.floorDiv(earliest + seconds - 1, seconds) * seconds;
    return "expires=" + expires + "&sig=" + sign(assetId, expires);
  }

  /** Checks {@code sig} against {@code assetId} and {@code expires} in constant time, then the expiry. */
  public Check check(String assetId, @Nullable String expires, @Nullable String sig) {
    if (assetId == null || expires == null || sig == null) {
      return Check.INVALID;
    }
    long at;
    try {
      at = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return Check.INVALID;
    }
    byte[] expected = sign(assetId, at).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Check.INVALID;
    }
    return clock.instant().getEpochSecond() > at ? Check.EXPIRED : Check.VALID;
  }

  private String sign(String assetId, long expires) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal((assetId + "." + expires).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  private static byte[] keyBytes(@Nullable String configured, Path assetsRoot) {
    if (configured != null && !configured.isBlank()) {
      if (configured.length() < MIN_CONFIGURED_KEY_CHARS) {
        throw new ConfigurationException(KEY_PROPERTY + " must have at least " + MIN_CONFIGURED_KEY_CHARS
            + " characters");
      }
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    return installationKey(assetsRoot.toAbsolutePath().normalize().resolve(KEY_FILE));
  }

  /**
   * The key in {@code file}, creating it with a random key when absent. Creation is exclusive ({@code CREATE_NEW}), so
   * two processes starting together end with one key; a reader that catches the file before its single write landed
   * reads again.
   */
  static byte[] installationKey(Path file) {
    try {
      Files.createDirectories(file.getParent());
      try {
        Files.write(file, HexFormat.of().formatHex(randomKey()).getBytes(StandardCharsets.US_ASCII),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ownerOnly(file);
        LOG.info("Created the asset URL signing key {} (set {} to share one across data folders)", file, KEY_PROPERTY);
      } catch (FileAlreadyExistsException existing) {
        // another process or an earlier run made it
      }
      for (int attempt = 0; ; attempt++) {
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (hex.length() == KEY_BYTES * 2) {
          return HexFormat.of().parseHex(hex);
        }
        if (attempt == 40) {
          throw new ConfigurationException("The asset URL signing key file " + file + " is malformed; delete it or set "
              + KEY_PROPERTY);
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the asset URL signing key " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + file, e);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("The asset URL signing key file " + file + " is not hex; delete it or set "
          + KEY_PROPERTY);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // the folder's own permissions are all there is
    }
  }

  private static byte[] randomKey() {
    byte[] bytes = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}

package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.platform.provider.ProviderHttp;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 keys of a JWKS document ({@code kty OKP}, {@code crv Ed25519}, raw key in {@code x}), fetched on first
 * use and kept for an hour. {@link #refreshed()} fetches again when a signature matched none of them (a rotated key),
 * at most once a minute, so forged webhooks cannot make the receiver hammer the key server.
 */
final class JwksKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  private static final Duration KEEP = Duration.ofHours(1);
  private static final Duration MIN_REFRESH = Duration.ofMinutes(1);
  /** DER header of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw 32-byte key follows it. */
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  /** A key fetch holds up the webhook that asked for it: short, whatever the provider's request timeout. */
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  private final String provider;
  private final URI url;
  private final ProviderHttp http;
  private final ObjectMapper json;
  private List<PublicKey> keys = List.of();
  private boolean fetched;
  private long fetchedAt;

  JwksKeys(String provider, URI url, ProviderHttp http, ObjectMapper json) {
    this.provider = provider;
    this.url = url;
    this.http = http;
    this.json = json;
  }

  synchronized List<PublicKey> current() {
    long age = System.nanoTime() - fetchedAt;
    if (!fetched || age > KEEP.toNanos() || (keys.isEmpty() && age > MIN_REFRESH.toNanos())) {
      fetch();
    }
    return keys;
  }

  synchronized List<PublicKey> refreshed() {
    if (!fetched || System.nanoTime() - fetchedAt > MIN_REFRESH.toNanos()) {
      fetch();
      return keys;
    }
    return List.of();
  }

  private void fetch() {
    fetched = true;
    fetchedAt = System.nanoTime();
    try {
      HttpResponse<byte[]> response = http.call(provider, HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT).GET().build());
      if (response.statusCode() != 200) {
        LOG.warn("JWKS {} answered HTTP {}", url, response.statusCode());
        return;
      }
      List<PublicKey> parsed = new ArrayList<>();
      for (JsonNode key : json.readTree(response.body()).path("keys")) {
        if ("OKP".equals(key.path("kty").asText()) && "Ed25519".equals(key.path("crv").asText())) {
          parsed.add(ed25519(Base64.getUrlDecoder().decode(key.path("x").asText())));
        }
      }
      keys = List.copyOf(parsed);
    } catch (InterruptedIOException e) {
      // the interrupt flag is kept: the caller is being stopped
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      LOG.warn("Cannot read the JWKS {}: {}", url, e.getMessage());
    }
  }

  private static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new GeneralSecurityException("an Ed25519 key has 32 bytes, got " + raw.length);
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }
}

package io.shotflow.activities.provider.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Kling's bearer tokens (docs/providers.md §1.2): HS256 JWT with {@code iss} = access key, {@code exp} = now + 30 min,
 * {@code nbf} = now − 5 s, signed with the secret key. One token is reused until a minute before it expires, or until
 * the API rejects it ({@link #invalidate()}).
 */
final class KlingTokens {

  static final Duration LIFETIME = Duration.ofMinutes(30);
  static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
  private static final Duration NOT_BEFORE_SKEW = Duration.ofSeconds(5);

  private final String accessKey;
  private final Algorithm algorithm;
  private final Clock clock;
  private String token;
  private Instant expires = Instant.MIN;

  KlingTokens(String accessKey, String secretKey, Clock clock) {
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("shotflow.providers.kling.access-key and .secret-key are required");
    }
    this.accessKey = accessKey;
    this.algorithm = Algorithm.HMAC256(secretKey);
    this.clock = clock;
  }

  synchronized String current() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(expires.minus(RENEW_BEFORE))) {
      expires = now.plus(LIFETIME);
      token = JWT.create()
          .withIssuer(accessKey)
          .withExpiresAt(expires)
          .withNotBefore(now.minus(NOT_BEFORE_SKEW))
          .sign(algorithm);
    }
    return token;
  }

  synchronized void invalidate() {
    token = null;
  }
}

package io.shotflow.api.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads the token from the review page's HttpOnly cookie: {@code EventSource}, {@code <img>} and {@code <video>}
 * cannot send an Authorization header.
 */
@Singleton
public class ReviewCookieTokenReader implements TokenReader<HttpRequest<?>> {

  public static final String COOKIE = "shotflow_token";

  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).filter(v -> !v.isBlank());
  }
}

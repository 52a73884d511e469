package io.shotflow.api.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Turns a presented token (bearer header or review cookie) into an authentication with the token's name and roles. */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

  private final ApiTokens tokens;

  public ApiTokenValidator(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    return tokens.authenticate(token)
        .map(t -> Authentication.build(t.name(), t.roles()))
        .map(Publishers::just)
        .orElseGet(Publishers::empty);
  }
}

package io.shotflow.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Management endpoints marked sensitive ({@code /prometheus}, {@code /beans}, {@code /loggers}, ... : every one but
 * {@code /health}) answer admins only: no token 401, a token without the admin role 403.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class AdminEndpointRule extends SensitiveEndpointRule {

  public AdminEndpointRule(EndpointSensitivityProcessor endpointSensitivityProcessor) {
    super(endpointSensitivityProcessor);
  }

  @Override
  protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(HttpRequest<?> request,
      Authentication authentication, ExecutableMethod<?, ?> method) {
    return Publishers.just(authentication.getRoles().contains(Roles.ADMIN)
        ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
  }
}

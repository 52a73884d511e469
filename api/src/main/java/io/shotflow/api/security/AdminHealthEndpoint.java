package io.shotflow.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.micronaut.security.authentication.Authentication;
import java.security.Principal;

/**
 * {@code /health} for anyone, with its details (disk, database URL, Temporal target) for admins only: anyone else
 * reads just {@code UP} or {@code DOWN}.
 */
@Endpoint(value = HealthEndpoint.NAME, defaultSensitive = false)
@Replaces(HealthEndpoint.class)
public class AdminHealthEndpoint extends HealthEndpoint {

  public AdminHealthEndpoint(HealthAggregator<HealthResult> healthAggregator, HealthIndicator[] healthIndicators,
      @Liveness HealthIndicator[] livenessHealthIndicators) {
    super(healthAggregator, healthIndicators, livenessHealthIndicators);
  }

  @Override
  protected HealthLevelOfDetail levelOfDetail(@Nullable Principal principal) {
    boolean admin = principal instanceof Authentication authentication
        && authentication.getRoles().contains(Roles.ADMIN);
    return admin ? super.levelOfDetail(principal) : HealthLevelOfDetail.STATUS;
  }
}

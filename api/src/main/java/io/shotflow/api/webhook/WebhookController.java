package io.shotflow.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.provider.JobNotifications;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/webhooks/{provider}}: anonymous for bearer auth, because the provider's own scheme is the security
 * (signature or secret token, checked by that provider's {@link WebhookVerifier} on the raw bytes). A verified
 * delivery seen for the first time wakes the waiting job through {@link JobNotifications}; the answer is 204 either
 * way, and 401 problem+json for anything that does not verify.
 */
@Controller("/api/webhooks")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

  private final Map<String, WebhookVerifier> verifiers;
  private final RecentDeliveries recent;
  private final JobNotifications notifications;

  public WebhookController(List<WebhookVerifier> verifiers, RecentDeliveries recent,
      @Nullable JobNotifications notifications) {
    this.verifiers = verifiers.stream().collect(Collectors.toUnmodifiableMap(WebhookVerifier::provider, Function.identity()));
    this.recent = recent;
    this.notifications = notifications;
  }

  @Post("/{provider}")
  @Consumes(MediaType.ALL)
  public HttpResponse<Void> receive(@PathVariable String provider, HttpRequest<?> request, @Nullable @Body byte[] body) {
    WebhookVerifier verifier = verifiers.get(provider);
    if (verifier == null) {
      throw ApiProblem.notFound("no webhooks for provider '" + provider + "' (known: "
          + verifiers.keySet().stream().sorted().toList() + ")");
    }
    Map<String, String> query = new HashMap<>();
    request.getParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
    WebhookVerifier.Delivery delivery;
    try {
      delivery = verifier.verify(new WebhookVerifier.Request(body == null ? new byte[0] : body,
          name -> request.getHeaders().getFirst(name), Map.copyOf(query)));
    } catch (WebhookVerifier.Rejected e) {
      LOG.warn("Refused a {} webhook: {}", provider, e.getMessage());
      throw new ApiProblem(HttpStatus.UNAUTHORIZED, e.getMessage());
    }
    if (recent.firstTime(provider, delivery.deliveryKey())) {
      if (notifications == null) {
        LOG.info("{} webhook for {}: no job notifications wired, polling will find it", provider, delivery.jobIds());
      } else {
        delivery.jobIds().forEach(jobId -> notifications.jobChanged(provider, jobId));
      }
    }
    return HttpResponse.noContent();
  }
}

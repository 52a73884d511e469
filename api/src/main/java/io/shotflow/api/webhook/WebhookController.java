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
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.limits.RequestBodyLimits;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.provider.JobNotifications;
import io.shotflow.spec.InputLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
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
@Tag(name = ApiDocumentation.WEBHOOKS)
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
  @Operation(operationId = "receiveWebhook", summary = "Receive a provider's job notification",
      description = "Called by a video provider when one of its jobs changes. No bearer token: the body is "
          + "verified with the provider's own scheme (signature headers, or the secret token in the callback URL "
          + "for Kling) against `shotflow.providers.<provider>.webhook-secret`. A verified delivery wakes the "
          + "waiting job, which then confirms the job's state with the provider.")
  @SecurityRequirements
  @ApiResponse(responseCode = "204", description = "Verified (a repeated delivery is accepted and ignored)")
  @ApiResponse(responseCode = "401", description = "The signature or token does not verify, or is stale",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ApiResponse(responseCode = "404", description = "No webhooks for this provider",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ApiResponse(responseCode = "413", description = "The body is over 1 MiB",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public HttpResponse<Void> receive(
      @Parameter(description = "The provider: `kling`, `fal`, `wavespeed`, `replicate` or `sync`")
      @PathVariable String provider, HttpRequest<?> request,
      @Schema(type = "string", format = "binary", description = "The provider's notification, as it sends it")
      @Body InputStream content) throws IOException {
    WebhookVerifier verifier = verifiers.get(provider);
    if (verifier == null) {
      throw ApiProblem.notFound("no webhooks for provider '" + provider + "' (known: "
          + verifiers.keySet().stream().sorted().toList() + ")");
    }
    // counted as it is read: a notification is small, and nothing past the limit is buffered
    byte[] body = RequestBodyLimits.readAtMost(content, InputLimits.WEBHOOK_BODY_BYTES, "POST /api/webhooks/" + provider);
    Map<String, String> query = new HashMap<>();
    request.getParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
    WebhookVerifier.Delivery delivery;
    try {
      delivery = verifier.verify(new WebhookVerifier.Request(body,
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

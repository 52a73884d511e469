package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.storyboard.StoryboardInput;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Prices come from {@code shotflow.rate-card.*}: the estimate in the 201, the budget check, and the snapshot the workflow
 * budgets with (only the providers the spec uses), along with the configured provider queue wait.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateCardSubmissionTest extends ApiTestSupport {

  private static final String SPEC = """
      {"title": "Priced", "provider": "kling", "budget_usd": %s,
       "shots": [{"id": "a", "prompt": "p", "start_frame": {"prompt": "k"}}]}
      """;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  WorkflowClient temporal;

  @Inject
  ObjectMapper json;

  @Override
  protected Map<String, String> extraProperties() {
    // the worker holds Kling credentials (so the API accepts Kling storyboards); its API is a closed local port
    return Map.of(
        "shotflow.rate-card.kling.clip-pro-5s", "0.30",
        "shotflow.rate-card.kling.keyframe", "0.02",
        "shotflow.failover.queue-wait", "PT3M",
        "shotflow.providers.kling.access-key", "ak",
        "shotflow.providers.kling.secret-key", "sk",
        "shotflow.providers.kling.base-url", "http://127.0.0.1:" + freePort());
  }

  private HttpResponse<String> submit(String budget) {
    return http.toBlocking().exchange(HttpRequest.POST("/api/storyboards", SPEC.formatted(budget))
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")), String.class);
  }

  @Test
  void theEstimateBudgetCheckAndWorkflowSnapshotUseTheConfiguredPrices() throws Exception {
    HttpResponse<String> created = submit("0.32");
    assertEquals(HttpStatus.CREATED, created.getStatus());
    JsonNode body = json.readTree(created.body());
    assertEquals(0, new BigDecimal("0.32").compareTo(body.path("estimated_cost_usd").decimalValue()), body.toString());

    var started = temporal.fetchHistory(WorkflowIds.storyboard(body.path("id").asText())).getEvents().get(0)
        .getWorkflowExecutionStartedEventAttributes().getInput();
    StoryboardInput input = temporal.getOptions().getDataConverter().fromPayloads(0, Optional.of(started),
        StoryboardInput.class, StoryboardInput.class);
    assertEquals(new BigDecimal("0.30"), input.rateCard().price(GenerationKind.CLIP, "kling", ProviderCatalog.KLING_V2_1, "pro", 5));
    assertTrue(input.rateCard().prices().keySet().stream().allMatch(k -> k.startsWith("kling.")), input.rateCard().toString());
    assertEquals(Duration.ofMinutes(3), input.providerQueueWait());

    HttpClientResponseException refused = assertThrows(HttpClientResponseException.class, () -> submit("0.31"));
    assertEquals(HttpStatus.BAD_REQUEST, refused.getStatus());
    String problem = refused.getResponse().getBody(String.class).orElse("");
    assertTrue(problem.contains("estimated cost $0.32 exceeds the budget $0.31"), problem);
  }
}

package io.shotflow.api.codec;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;

/**
 * CORS for the codec endpoints only, so that the Temporal UI, served from another origin, may call them: origins
 * listed in {@code shotflow.temporal.codec.cors-origins} (none by default) get their preflight answered and may send
 * credentials (a bearer token, or the review page's cookie when the UI includes credentials). The rest of the API
 * stays same-origin.
 */
@ServerFilter("/codec/**")
public class CodecCors implements Ordered {

  static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Namespace";

  private final List<String> origins;

  public CodecCors(@Nullable @Value("${shotflow.temporal.codec.cors-origins}") List<String> origins) {
    this.origins = origins == null ? List.of()
        : origins.stream().map(String::strip).filter(o -> !o.isEmpty()).map(CodecCors::withoutTrailingSlash).toList();
  }

  /** A preflight from an allowed origin is answered here, before authentication (a preflight carries no token). */
  @RequestFilter
  @Nullable
  public HttpResponse<?> preflight(HttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.OPTIONS
        || !request.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      return null;
    }
    String origin = request.getHeaders().getOrigin().orElse(null);
    if (!allowed(origin)) {
      return HttpResponse.status(io.micronaut.http.HttpStatus.FORBIDDEN);
    }
    return HttpResponse.ok()
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
        .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
        .header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
  }

  /** Every answer to an allowed origin, refusals included, carries the headers that let the UI read it. */
  @ResponseFilter
  public void allowOrigin(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String origin = request.getHeaders().getOrigin().orElse(null);
    if (allowed(origin) && !response.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
          .header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }
  }

  private boolean allowed(@Nullable String origin) {
    return origin != null && origins.contains(withoutTrailingSlash(origin));
  }

  private static String withoutTrailingSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }

  /** Before authentication and the body limits: a preflight is answered without a token. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before() - 10;
  }
}

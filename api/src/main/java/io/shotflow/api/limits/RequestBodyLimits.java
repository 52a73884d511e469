package io.shotflow.api.limits;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.spec.InputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The largest body each route takes ({@link InputLimits}), checked on the request's headers before any of the body is
 * read: a declared {@code Content-Length} over the route's limit is answered 413 at once. A body without a declared
 * length (chunked) is refused 411 on the routes whose body Micronaut buffers to bind it; the routes that read a stream
 * (specs, webhooks, asset uploads) count the bytes as they read and stop at the limit themselves. Asset uploads are
 * bounded only by {@code micronaut.server.max-request-size}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestBodyLimits implements Ordered {

  /** No limit of its own: the server's {@code micronaut.server.max-request-size}. */
  public static final long SERVER_LIMIT = -1;

  private static final Pattern SMALL_ROUTES = Pattern.compile("/api/storyboards/[^/]+/(reviews|budget|cancel)/?");

  /** The largest body {@code method} on {@code path} takes, in bytes, or {@link #SERVER_LIMIT}. */
  public static long maxBytes(HttpMethod method, String path) {
    if (method == HttpMethod.POST && isAssetUpload(path)) {
      return SERVER_LIMIT;
    }
    if (isSpecSubmission(path)) {
      return InputLimits.SPEC_BODY_BYTES;
    }
    if (path.startsWith("/api/webhooks/")) {
      return InputLimits.WEBHOOK_BODY_BYTES;
    }
    if (path.startsWith("/codec/")) {
      return InputLimits.CODEC_BODY_BYTES;
    }
    if (SMALL_ROUTES.matcher(path).matches()) {
      return InputLimits.SMALL_BODY_BYTES;
    }
    return InputLimits.DEFAULT_BODY_BYTES;
  }

  /** True where the controller reads the body as a stream and counts it, so a chunked body can be taken. */
  static boolean readsAStream(String path) {
    return isAssetUpload(path) || isSpecSubmission(path) || path.startsWith("/api/webhooks/");
  }

  private static boolean isAssetUpload(String path) {
    return path.equals("/api/assets") || path.equals("/api/assets/");
  }

  private static boolean isSpecSubmission(String path) {
    return path.equals("/api/storyboards") || path.equals("/api/storyboards/");
  }

  @RequestFilter
  @Nullable
  public HttpResponse<ProblemDocument> limit(HttpRequest<?> request) {
    String path = request.getPath();
    long max = maxBytes(request.getMethod(), path);
    if (max == SERVER_LIMIT) {
      return null;
    }
    long declared = request.getHeaders().contentLength().orElse(-1);
    if (declared > max) {
      return refuse(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is " + declared + " bytes; "
          + request.getMethod() + " " + path + " takes at most " + max + " bytes");
    }
    if (declared < 0 && request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING) && !readsAStream(path)) {
      return refuse(HttpStatus.LENGTH_REQUIRED, request.getMethod() + " " + path
          + " needs a Content-Length header (at most " + max + " bytes), not a chunked body");
    }
    return null;
  }

  /**
   * The whole of a streamed body of at most {@code max} bytes; reading stops at the first byte past it.
   *
   * @throws ApiProblem 413 when the body is longer
   */
  public static byte[] readAtMost(InputStream body, int max, String route) throws IOException {
    byte[] bytes = body.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "the request body is over " + max + " bytes; " + route + " takes at most " + max + " bytes");
    }
    return bytes;
  }

  private static HttpResponse<ProblemDocument> refuse(HttpStatus status, String detail) {
    return HttpResponse.<ProblemDocument>status(status)
        .contentType(ApiProblemHandler.PROBLEM_JSON)
        .body(new ProblemDocument("about:blank", status.getReason(), status.getCode(), detail, List.of()));
  }

  /** Before authentication: a body too large for its route is refused without reading it, whoever sends it. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }
}

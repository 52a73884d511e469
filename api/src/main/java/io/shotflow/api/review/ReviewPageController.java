package io.shotflow.api.review;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.api.security.ReviewCookieTokenReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The review page: static HTML whose script reads the API with the login cookie. The pages themselves carry no
 * data, so they are public; every call they make is authorised by the cookie's token. They are for browsers, not
 * API clients, so the OpenAPI document leaves them out.
 */
@Controller("/review")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class ReviewPageController {

  private static final Pattern SAFE_NEXT = Pattern.compile("/review/[a-z0-9-]*");
  private static final Duration COOKIE_LIFETIME = Duration.ofHours(12);

  private final ApiTokens tokens;
  private final String indexPage;
  private final String storyboardPage;

  public ReviewPageController(ApiTokens tokens, ResourceResolver resources) {
    this.tokens = tokens;
    this.indexPage = page(resources, "index.html");
    this.storyboardPage = page(resources, "storyboard.html");
  }

  @Get(produces = MediaType.TEXT_HTML)
  public String index() {
    return indexPage;
  }

  @Get(value = "/{id:[a-z0-9-]+}", produces = MediaType.TEXT_HTML)
  public String storyboard(@PathVariable String id) {
    return storyboardPage;
  }

  /** Checks the token, then keeps it in an HttpOnly, SameSite=Strict cookie for the page's requests. */
  @Post(value = "/login", produces = MediaType.TEXT_HTML)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> login(HttpRequest<?> request, @Body Map<String, String> form) {
    String next = form.getOrDefault("next", "/review/");
    if (next == null || !SAFE_NEXT.matcher(next).matches()) {
      next = "/review/";
    }
    String token = form.getOrDefault("token", "").trim();
    if (tokens.authenticate(token).isEmpty()) {
      return HttpResponse.seeOther(URI.create(next + "?login=failed"));
    }
    Cookie cookie = Cookie.of(ReviewCookieTokenReader.COOKIE, token)
        .httpOnly(true)
        .sameSite(SameSite.Strict)
        .secure(request.isSecure())
        .path("/")
        .maxAge(COOKIE_LIFETIME);
    return HttpResponse.seeOther(URI.create(next)).cookie(cookie);
  }

  @Post(value = "/logout", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> logout() {
    Cookie expired = Cookie.of(ReviewCookieTokenReader.COOKIE, "")
        .httpOnly(true).sameSite(SameSite.Strict).path("/").maxAge(0);
    return HttpResponse.seeOther(URI.create("/review/")).cookie(expired);
  }

  private static String page(ResourceResolver resources, String name) {
    String path = "classpath:public/review/" + name;
    try (InputStream in = resources.getResourceAsStream(path)
        .orElseThrow(() -> new IllegalStateException("missing " + path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

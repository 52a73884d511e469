package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The running API a producer command talks to ({@code --api}, else {@code SHOTFLOW_API}, else
 * {@code http://127.0.0.1:8080}), the token it acts with ({@link TokenLookup}), and how a failure reads and exits:
 * one line on stderr and an {@link ExitCodes} code.
 */
final class RemoteApi {

  static final String URL_VARIABLE = "SHOTFLOW_API";
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** Least privilege first: the commands that only read take a reviewer's token before a producer's or an admin's. */
  static final List<String> ANY_ROLE = List.of("reviewer", "producer", "admin");
  static final List<String> REVIEWER = List.of("reviewer", "admin");

  /** What a command does with the API; returns its exit code. */
  interface Call {
    int run(ApiClient api) throws IOException, InterruptedException;
  }

  @Option(names = "--api", paramLabel = "URL",
      description = "the API's base URL (default: $" + URL_VARIABLE + ", else " + DEFAULT_URL + ")")
  String api;

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  private final PrintStream err = System.err;

  /** Runs {@code call} with a client acting with a token of one of {@code roles}; a failure is printed and mapped. */
  int call(List<String> roles, Call call) throws InterruptedException {
    String baseUrl = baseUrl();
    String token;
    try {
      token = TokenLookup.ofProcess().token(roles);
    } catch (TokenLookup.NoToken e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.NOT_AUTHORIZED;
    }
    try {
      return call.run(new ApiClient(baseUrl, token));
    } catch (ApiClient.ApiException e) {
      return refused(e, baseUrl);
    } catch (IOException e) {
      err.println("error: cannot reach the API at " + baseUrl + " (" + describe(e) + "); is ./shotflow serve "
          + "running? (--api or $" + URL_VARIABLE + " name another)");
      return ExitCodes.API_UNAVAILABLE;
    }
  }

  /** Prints the API's problem document: its detail, then each field it names. */
  int refused(ApiClient.ApiException e, String baseUrl) {
    JsonNode problem = e.problem == null ? MissingNode.getInstance() : e.problem;
    String detail = problem.path("detail").asText("");
    String title = problem.path("title").asText("");
    if (detail.isEmpty()) {
      err.println("error: " + e.getMessage() + (title.isEmpty() ? "" : " (" + title + ")"));
    } else {
      err.printf("error: %s (%d%s)%n", detail, e.status, title.isEmpty() ? "" : " " + title);
    }
    for (JsonNode field : problem.path("errors")) {
      if (!field.path("field").asText("").isEmpty() && !detail.startsWith(field.path("field").asText() + ":")) {
        err.printf("  %s: %s%n", field.path("field").asText(), field.path("message").asText());
      }
    }
    if (e.status == 401) {
      err.println("  the API at " + baseUrl + " does not accept this token: set " + TokenLookup.TOKEN_VARIABLE
          + " to one of its tokens (a stack that starts again generates new ones)");
      return ExitCodes.NOT_AUTHORIZED;
    }
    if (e.status == 403) {
      return ExitCodes.NOT_AUTHORIZED;
    }
    return e.status >= 500 ? ExitCodes.API_UNAVAILABLE : ExitCodes.REFUSED;
  }

  /** The base URL without a trailing slash; a malformed one is a usage error naming where it came from. */
  String baseUrl() {
    String given = api;
    String source = "option '--api'";
    if (given == null) {
      given = System.getenv(URL_VARIABLE);
      source = "$" + URL_VARIABLE;
    }
    if (given == null || given.isBlank()) {
      return DEFAULT_URL;
    }
    String url = given.trim().replaceAll("/+$", "");
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
          && uri.getFragment() == null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ParameterException(spec.commandLine(),
        "Invalid value for " + source + ": '" + given + "' is not an http(s) URL such as " + DEFAULT_URL);
  }

  /** A storyboard id is a usage error when blank (the API's ids are {@code [a-z0-9-]}; others are its 404). */
  String storyboardId(String id) {
    if (id == null || id.isBlank()) {
      throw new ParameterException(spec.commandLine(), "Invalid value for ID: a storyboard id is required");
    }
    return id.trim();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }
}

package io.shotflow.activities.provider;

import io.shotflow.provider.ProviderError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One row per provider: how a submit that may have reached the provider is found again
 * ({@link ProviderAdapter#findSubmitted}) and which submit failures certainly were not accepted
 * (docs/providers.md §12). A failure that certainly was not accepted is a plain {@link ProviderException}, which may be
 * retried or failed over; any other is {@link ProviderException#maybeAccepted}, which the submit activity settles with
 * a lookup first, so a take is never paid for twice.
 *
 * <p>Common to every row: a connection that could not be opened (refused, connect timeout) sent nothing; a 4xx answer
 * is the provider's refusal before it created anything, except 408, which a proxy in front of the provider can answer
 * after forwarding the request [I]; 503 is "currently unable to handle the request" (RFC 9110 §15.6.4): nothing was
 * handled, so nothing was created [I: from the status's definition; no provider says otherwise]; any other 5xx, from
 * the provider or a gateway in front of it (502, 504: a gateway that lost the origin's answer), may come after the job
 * was created, unless the row names it as documented pre-acceptance (no provider documents one today); a request timeout, a reset or closed connection once the request was sent, an
 * interrupted call, and a 2xx answer that cannot be read may all hide an accepted job.
 */
public final class SubmitRules {

  /** How {@link ProviderAdapter#findSubmitted} settles a submit that may have been accepted. */
  public enum Lookup {
    /** Query the job by a client id the provider keeps unique per account: authoritative either way. */
    CLIENT_ID_QUERY,
    /**
     * Send the same body again under the same {@code Idempotency-Key}: the provider answers with the job the key
     * created, or creates it once; never a second job.
     */
    IDEMPOTENT_RESEND,
    /** Read the provider's list of recent jobs and match the model and the exact input. */
    RECENT_LIST,
    /** The job id is derived from the idempotency key and its record is on this machine's disk. */
    LOCAL_RECORD,
    /** The provider documents no way to find a job it may hold: a human decides. */
    NONE
  }

  /**
   * A provider's rule. {@code idempotency}: the key sent with a submit, if any; {@code preAcceptance}: the submit
   * failures that certainly were not accepted, in words; {@code preAcceptance5xx}: the 5xx statuses the provider
   * documents as answered before accepting (none today); {@code sources}: where the rule comes from.
   */
  public record Rule(String provider, String idempotency, Lookup lookup, String preAcceptance,
      Set<Integer> preAcceptance5xx, String sources) {

    /** Whether an HTTP answer of {@code status} to a submit proves the job was not created. */
    public boolean notAccepted(int status) {
      if (status >= 400 && status < 500) {
        return status != 408;
      }
      return status == 503 || preAcceptance5xx.contains(status);
    }

    /**
     * A submit answered {@code status} ≥ 400: a plain exception when that status proves nothing was created, else
     * maybe accepted ({@code retryAfter} kept either way).
     */
    public ProviderException refused(ProviderError error, int status, String message, Duration retryAfter) {
      return notAccepted(status)
          ? new ProviderException(error, message, retryAfter)
          : ProviderException.maybeAccepted(error, message, retryAfter);
    }

    /**
     * A submit whose HTTP call failed: nothing was sent when the connection could not be opened; otherwise the request
     * may have arrived (a request timeout, a reset, an interrupted call).
     */
    public ProviderException sendFailed(String what, IOException e) {
      if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
        return new ProviderException(ProviderError.TRANSIENT, provider + " unreachable, nothing was sent ("
            + what + "): " + e);
      }
      return ProviderException.maybeAccepted(ProviderError.TRANSIENT, "the submit to " + provider + " (" + what
          + ") was sent but its answer was lost: " + e);
    }

    /** A 2xx answer to a submit that does not name the job: it may have been created. */
    public ProviderException unreadable(String what, int status) {
      return ProviderException.maybeAccepted(ProviderError.TRANSIENT, provider + " accepted the submit (" + what
          + ") with HTTP " + status + " but its answer names no job");
    }

    /**
     * A lookup that could not be done (network, throttling, a 5xx): the job may still exist, so the next attempt looks
     * again; the failure's type stays (a retryable one is retried, an authorization failure waits for a human).
     */
    public ProviderException lookupFailed(ProviderException e) {
      return e.mayHaveBeenAccepted() ? e
          : ProviderException.maybeAccepted(e.error(), provider + " lookup of a submit failed: " + e.getMessage(),
              e.retryAfter());
    }

    /** What {@link ProviderAdapter#findSubmitted} answers for a row without a lookup. */
    public SubmitLookup.Unknown unknown() {
      return new SubmitLookup.Unknown(provider + " has no idempotency key and documents no way to find a job it may "
          + "hold (docs/providers.md §12)");
    }
  }

  public static final Rule KLING = new Rule("kling",
      "external_task_id = sf- and 32 hex digits of SHA-256(idempotency key), unique per account",
      Lookup.CLIENT_ID_QUERY,
      "connection not opened; HTTP 4xx (not 408) with the documented codes 1000–1004, 1100–1103, 1200–1203 "
          + "(except a duplicate external_task_id, which is looked up), 1300–1304",
      Set.of(), "§1.4, §1.10");

  public static final Rule FAL = new Rule("fal", "none", Lookup.NONE,
      "connection not opened; HTTP 401/403, 404 (no such model), 422, 429 and other 4xx except 408",
      Set.of(), "§2.1, §2.4");

  public static final Rule WAVESPEED = new Rule("wavespeed", "none", Lookup.NONE,
      "connection not opened; HTTP 4xx (not 408), or a 2xx whose envelope code is a 4xx",
      Set.of(), "§3.1");

  public static final Rule REPLICATE = new Rule("replicate", "none; Cancel-After bounds an orphan's cost",
      Lookup.RECENT_LIST,
      "connection not opened; HTTP 401/403, 402, 404, 422, 429 and other 4xx except 408",
      Set.of(), "§4.1, §4.4");

  public static final Rule SYNC = new Rule("sync",
      "Idempotency-Key header = sf- and 32 hex digits of SHA-256(idempotency key), kept by Sync per organisation",
      Lookup.IDEMPOTENT_RESEND,
      "connection not opened; HTTP 400 (including INVALID_IDEMPOTENCY_KEY), 401, 402, 403, 404, 422, 429 and other "
          + "4xx except 408 and a 409 about the key (an earlier send with it is still being handled)",
      Set.of(), "§5.1");

  public static final Rule LOCAL = new Rule("local", "the job id is local- and a hash of the idempotency key",
      Lookup.LOCAL_RECORD, "validation and the simulated failure, both before the job record is written", Set.of(),
      "LocalProvider");

  public static final List<Rule> ALL = List.of(KLING, FAL, WAVESPEED, REPLICATE, SYNC, LOCAL);

  private SubmitRules() {}

  public static Optional<Rule> of(String provider) {
    return ALL.stream().filter(r -> r.provider().equals(provider)).findFirst();
  }
}

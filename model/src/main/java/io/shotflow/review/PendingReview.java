package io.shotflow.review;

import java.util.List;

/**
 * A subject waiting for a reviewer. {@code reason} says why when it is a decision after a failure, not a
 * take review. Times are ISO-8601 strings from workflow time.
 */
public record PendingReview(String subject, List<String> takes, String since, String deadline, String reason) {}

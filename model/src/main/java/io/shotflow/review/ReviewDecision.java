package io.shotflow.review;

/**
 * A review as it arrives through the API (an update) or the Temporal UI (a signal with the same payload).
 * {@code take} picks the approved take; {@code prompt} is a revised prompt for the regeneration after a reject.
 * {@code reviewer} is the authenticated name; {@code decidedAt} is ISO-8601 from the caller's clock.
 */
public record ReviewDecision(
    String subject, String take, Verdict verdict, String note, String prompt, String reviewer, String decidedAt) {}

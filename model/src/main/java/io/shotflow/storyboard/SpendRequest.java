package io.shotflow.storyboard;

import java.math.BigDecimal;

/** A shot asking for budget beyond its allowance (a regeneration after a reject). {@code seq} is per shot. */
public record SpendRequest(String shotId, String shotWorkflowId, int seq, BigDecimal amountUsd, String subject) {}

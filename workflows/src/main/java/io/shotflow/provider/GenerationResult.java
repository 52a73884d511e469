package io.shotflow.provider;

import io.shotflow.media.AssetRef;
import java.math.BigDecimal;

/** A finished job whose output is already copied into the asset store. */
public record GenerationResult(
    AssetRef asset, String provider, String providerJobId, BigDecimal costUsd, double durationSeconds) {}

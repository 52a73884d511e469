package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/storyboards/{id}/reviews}; {@code verdict} is checked by hand so a bad one names the field. */
@Introspected
@Schema(description = "A reviewer's decision on one subject")
public record ReviewRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "clip:reveal",
        description = "What is decided: `keyframe:<shot>:<start|end>`, `clip:<shot>`, `extend:<shot>:<n>`, "
            + "`lip_sync:<shot>` or `character:<id>:<n>`")
    @Nullable String subject,
    @Schema(example = "clip-a2-v1",
        description = "The take to approve: required when the subject has more than one take, and empty for a "
            + "decision after a failure")
    @Nullable String take,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "approve",
        type = "string", allowableValues = {"approve", "reject", "retry", "skip"},
        description = "`approve` or `reject` the takes under review; after a provider failure (no takes): `retry`, "
            + "`reject` with a revised prompt, or `skip` the shot")
    @Nullable String verdict,
    @Schema(example = "too fast", description = "The reviewer's note, kept with the decision")
    @Nullable String note,
    @Schema(example = "Slow push-in as the lid lifts",
        description = "With `reject`: the revised prompt the subject is generated again with")
    @Nullable String prompt,
    @Schema(example = "--auto-approve",
        description = "Set only by a client that decides by a rule rather than a person: `--auto-approve` "
            + "(`./shotflow run --auto-approve`); the audit trail then shows the decision as automatic")
    @Nullable String policy) {}

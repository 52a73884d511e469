package io.shotflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewPolicyTest {

  @Test
  void typedAccessorsReadTheSpellings() {
    ReviewPolicy policy = new ReviewPolicy("auto", "required", "required", Duration.ofHours(1), "auto_approve");
    assertEquals(ReviewGate.AUTO, policy.keyframeGate());
    assertEquals(ReviewGate.REQUIRED, policy.clipGate());
    assertEquals(ReviewGate.REQUIRED, policy.lipSyncGate());
    assertEquals(DeadlinePolicy.AUTO_APPROVE, policy.deadlinePolicy());
    assertEquals(DeadlinePolicy.CANCEL, new ReviewPolicy(null, null, null, null, "cancel").deadlinePolicy());
  }

  @Test
  void defaultsAreRequiredKeyframesAndClipsAutoLipSyncAndPause() {
    ReviewPolicy policy = ReviewPolicy.DEFAULT;
    assertEquals(ReviewGate.REQUIRED, policy.keyframeGate());
    assertEquals(ReviewGate.REQUIRED, policy.clipGate());
    assertEquals(ReviewGate.AUTO, policy.lipSyncGate());
    assertEquals(DeadlinePolicy.PAUSE, policy.deadlinePolicy());
    assertEquals(List.of(ReviewGate.AUTO, ReviewGate.AUTO, ReviewGate.AUTO),
        List.of(policy.allAuto().keyframeGate(), policy.allAuto().clipGate(), policy.allAuto().lipSyncGate()));
  }

  @Test
  void spellingsAreTheSpecValuesInTheOrderValidationListsThem() {
    assertEquals(List.of("required", "auto"), ReviewGate.spellings());
    assertEquals(List.of("pause", "auto_approve", "cancel"), DeadlinePolicy.spellings());
  }

  @Test
  void anUnknownSpellingHasNoTypedValue() {
    ReviewPolicy policy = new ReviewPolicy("maybe", null, null, null, "shrug");
    assertThrows(IllegalArgumentException.class, policy::keyframeGate);
    assertThrows(IllegalArgumentException.class, policy::deadlinePolicy);
  }

  /** The policy travels in every shot's workflow input, so its JSON form is what the recorded histories hold. */
  @Test
  void theJsonFormIsTheSpecsFieldsOnly() throws Exception {
    ObjectMapper temporal = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    ReviewPolicy policy = new ReviewPolicy("required", "required", "auto", Duration.ofHours(24), "pause");
    String json = temporal.writeValueAsString(policy);
    assertEquals("{\"keyframes\":\"required\",\"clips\":\"required\",\"lip_sync\":\"auto\","
        + "\"deadline\":86400.000000000,\"on_deadline\":\"pause\"}", json);
    assertEquals(policy, temporal.readValue(json, ReviewPolicy.class));
  }

  @Test
  void theEnumsWriteAndReadTheirSpellings() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertEquals("\"auto_approve\"", mapper.writeValueAsString(DeadlinePolicy.AUTO_APPROVE));
    assertEquals(DeadlinePolicy.AUTO_APPROVE, mapper.readValue("\"auto_approve\"", DeadlinePolicy.class));
    assertEquals("\"required\"", mapper.writeValueAsString(ReviewGate.REQUIRED));
    assertEquals(ReviewGate.AUTO, mapper.readValue("\"auto\"", ReviewGate.class));
  }
}

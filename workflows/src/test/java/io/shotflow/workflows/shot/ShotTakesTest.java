package io.shotflow.workflows.shot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.shot.Take;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotTakesTest {

  private static Take take(String id) {
    return new Take(id, "clip:a", "clip", Fixtures.video(id), "kling", "job-" + id, null, "p", false, 1);
  }

  @Test
  void anApprovalReplacesItsTakeInPlace() {
    ShotTakes takes = new ShotTakes();
    takes.add(take("clip-a1-v1"));
    takes.add(take("clip-a1-v2"));
    takes.add(take("clip-a2-v1"));

    Take approved = takes.approve("clip-a1-v2");

    assertTrue(approved.approved());
    assertEquals(List.of("clip-a1-v1", "clip-a1-v2", "clip-a2-v1"), takes.all().stream().map(Take::id).toList());
    assertEquals(approved, takes.all().get(1));
    assertEquals(3, takes.count());
    assertEquals(1, takes.approvedCount());
  }
}

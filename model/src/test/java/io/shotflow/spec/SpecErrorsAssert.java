package io.shotflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

/** The spec tests' one way to compare validation errors. */
final class SpecErrorsAssert {

  private SpecErrorsAssert() {}

  /** Asserts exactly these "field|shot|message-fragment" errors, in order. */
  static void assertErrors(List<SpecError> actual, String... expected) {
    String seen = actual.stream().map(SpecError::toString).collect(Collectors.joining("\n"));
    assertEquals(expected.length, actual.size(), seen);
    for (int i = 0; i < expected.length; i++) {
      String[] parts = expected[i].split("\\|", 3);
      SpecError e = actual.get(i);
      assertEquals(parts[0], e.field(), seen);
      assertEquals(parts[1].isEmpty() ? null : parts[1], e.shot(), seen);
      assertTrue(e.message().contains(parts[2]), "'" + e.message() + "' should contain '" + parts[2] + "'");
    }
  }
}

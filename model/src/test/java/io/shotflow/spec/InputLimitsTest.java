package io.shotflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputLimitsTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.0000", "12.5", "40.00", "99999999.9999", "1e7", "5.000000000000000000", "0e999999999"})
  void moneyInTheColumnsRangeIsAccepted(String value) {
    assertEquals(Optional.empty(), InputLimits.money(new BigDecimal(value)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e11", "100000000", "1e999999999", "-1e999999999", "1e-999999999", "0.00001", "12.34567",
      "123456789012345678901234567890"})
  void moneyOutsideTheColumnIsRefusedQuickly(String value) {
    BigDecimal number = new BigDecimal(value);
    // no arithmetic on the full expansion: a gigabyte of digits would take far longer than this
    Optional<String> problem = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> InputLimits.money(number));
    assertTrue(problem.isPresent(), value);
    assertTrue(problem.get().contains("99999999.9999"), problem.get());
  }

  @Test
  void negativeMoneyIsRefused() {
    assertEquals(Optional.of("must not be negative"), InputLimits.money(new BigDecimal("-0.01")));
  }

  @Test
  void decimalsAreBoundedBeforeAndAfterThePoint() {
    assertEquals(Optional.empty(), InputLimits.decimal(new BigDecimal("1.25"), 1, 6));
    assertTrue(InputLimits.decimal(new BigDecimal("12.5"), 1, 6).orElseThrow().contains("at most 1 digits before"));
    assertTrue(InputLimits.decimal(new BigDecimal("1.0000001"), 1, 6).orElseThrow().contains("at most 6"));
    assertEquals(Optional.of("is out of range"), InputLimits.decimal(new BigDecimal("1e-999999999"), 1, 6));
  }

  @Test
  void textIsBoundedAndHoldsOnlyStorableCharacters() {
    assertEquals(Optional.empty(), InputLimits.text("a".repeat(500), 500));
    assertEquals(Optional.of("at most 500 characters, not 600"), InputLimits.text("a".repeat(600), 500));
    assertEquals(Optional.empty(), InputLimits.text("moon \uD83C\uDF19 rise", 20));
    assertTrue(InputLimits.text("a\u0000b", 20).orElseThrow().contains("U+0000"));
    assertTrue(InputLimits.text("a\uD800b", 20).orElseThrow().contains("unpaired surrogate (U+D800)"));
    assertTrue(InputLimits.text("a\uDC00", 20).orElseThrow().contains("unpaired surrogate"));
    assertEquals(Optional.empty(), InputLimits.text(null, 1));
  }

  @Test
  void utf8IsDecodedStrictly() throws Exception {
    assertEquals("Café ☕", InputLimits.utf8("Café ☕".getBytes(StandardCharsets.UTF_8)));
    assertEquals("{}", InputLimits.utf8(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'}));
    InputLimits.MalformedUtf8 latin1 = assertThrows(InputLimits.MalformedUtf8.class,
        () -> InputLimits.utf8("title: Café".getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(10, latin1.offset());
    assertTrue(latin1.getMessage().contains("byte 10"), latin1.getMessage());
    // a sequence cut off at the end, and an overlong encoding of '/'
    assertThrows(InputLimits.MalformedUtf8.class, () -> InputLimits.utf8(new byte[] {'a', (byte) 0xe2, (byte) 0x98}));
    assertThrows(InputLimits.MalformedUtf8.class, () -> InputLimits.utf8(new byte[] {(byte) 0xc0, (byte) 0xaf}));
  }

  @Test
  void echoCutsLongValues() {
    assertEquals("short", InputLimits.echo("short"));
    assertEquals("x".repeat(60) + "…", InputLimits.echo("x".repeat(10_000)));
  }
}

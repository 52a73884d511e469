package io.shotflow.spec;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Every limit on what a client may send, in one place (docs/spec.md, "Limits"): request body sizes per route, the
 * shape of a spec document, text lengths (the catalog's column sizes; prompt lengths per model are
 * {@link io.shotflow.provider.Capabilities#maxPromptChars()}), and the range of numbers. The checks return a problem in
 * words, or empty, and never format or compute with a value before it has passed them: a number such as
 * {@code 1e999999999} is refused without ever being written out in full.
 */
public final class InputLimits {

  /** {@code POST /api/storyboards}: a spec, JSON or YAML. */
  public static final int SPEC_BODY_BYTES = 1024 * 1024;
  /** {@code POST /api/webhooks/{provider}}: a provider's notification. */
  public static final int WEBHOOK_BODY_BYTES = 1024 * 1024;
  /** Reviews and budget changes: a few short fields. */
  public static final int SMALL_BODY_BYTES = 64 * 1024;
  /**
   * {@code POST /codec/encode|decode}: the payloads of one history event, as the Temporal UI sends them (a payload may
   * be up to 2 MB, and base64 adds a third).
   */
  public static final int CODEC_BODY_BYTES = 8 * 1024 * 1024;
  /** Any other route with a body, except asset uploads (which {@code micronaut.server.max-request-size} bounds). */
  public static final int DEFAULT_BODY_BYTES = 1024 * 1024;

  /** Characters of one number in a spec document (a budget needs about 15). */
  public static final int MAX_NUMBER_CHARS = 100;
  /** Nesting of objects and lists in a spec document (a spec needs 5). */
  public static final int MAX_NESTING_DEPTH = 32;

  /** {@code storyboard.title VARCHAR(500)}. */
  public static final int MAX_TITLE_CHARS = 500;
  public static final int MAX_SHOTS = 200;
  /** A 5 s clip extended 35 times is Kling's 3-minute maximum for a video. */
  public static final int MAX_EXTEND_STEPS = 35;
  /** An image or audio reference: an http(s) URL, {@code asset:<id>} or a {@code file:} path. */
  public static final int MAX_REFERENCE_CHARS = 2048;
  public static final int MAX_VOICE_ID_CHARS = 100;
  /** The longest prompt any model takes; each model's own limit is its capabilities' {@code maxPromptChars}. */
  public static final int MAX_PROMPT_CHARS = 2500;
  /** The longest review deadline: a year. */
  public static final Duration MAX_REVIEW_DEADLINE = Duration.ofDays(365);

  /** {@code review.subject VARCHAR(200)}. */
  public static final int MAX_SUBJECT_CHARS = 200;
  /** {@code review.take_id VARCHAR(128)}. */
  public static final int MAX_TAKE_ID_CHARS = 128;
  /** A reviewer's note ({@code review.note TEXT}: bounded here, not by the column). */
  public static final int MAX_NOTE_CHARS = 4000;
  /** {@code asset.original_name VARCHAR(500)}. */
  public static final int MAX_ASSET_NAME_CHARS = 500;

  /** Money columns are {@code NUMERIC(12,4)}: 8 digits before the point and 4 after. */
  public static final int MONEY_INTEGER_DIGITS = 8;
  public static final int MONEY_SCALE = 4;
  public static final BigDecimal MAX_MONEY = new BigDecimal("99999999.9999");

  /** The widest exponent a number may be written with ({@code 1e64}); past it a number is refused unread. */
  private static final int MAX_EXPONENT = 64;
  /** How much of a refused value a message repeats. */
  private static final int ECHO_CHARS = 60;

  private InputLimits() {}

  /**
   * A problem with a text value, or empty: longer than {@code maxChars} UTF-16 units (never fewer than its
   * characters, so it fits a column of that many characters in H2 and PostgreSQL alike), or holding U+0000 (which
   * PostgreSQL text cannot store) or half of a surrogate pair (no character at all). Null is no problem here.
   */
  public static Optional<String> text(String value, int maxChars) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.length() > maxChars) {
      return Optional.of("at most " + maxChars + " characters, not " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        return Optional.of("must not contain the character U+0000");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("holds an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "), which is no character");
      }
    }
    return Optional.empty();
  }

  /** A problem with an amount of money, or empty: at least 0, at most {@link #MAX_MONEY}, at most 4 decimals. */
  public static Optional<String> money(BigDecimal value) {
    Optional<String> shape = decimal(value, MONEY_INTEGER_DIGITS, MONEY_SCALE);
    if (shape.isPresent()) {
      return Optional.of(shape.get() + " (an amount in USD from 0 to " + MAX_MONEY.toPlainString()
          + ", to 4 decimal places)");
    }
    return value.signum() < 0 ? Optional.of("must not be negative") : Optional.empty();
  }

  /**
   * A problem with a decimal, or empty: more than {@code integerDigits} digits before the point or more than
   * {@code scale} significant digits after it. Cheap for any value: only the digit count and the exponent are
   * looked at until both are known to be small.
   */
  public static Optional<String> decimal(BigDecimal value, int integerDigits, int scale) {
    if (value == null || value.signum() == 0) {
      return Optional.empty();
    }
    if (value.scale() > MAX_EXPONENT + scale || value.scale() < -MAX_EXPONENT) {
      return Optional.of("is out of range");
    }
    // both are small now: dropping trailing zeros costs at most a few divisions of a short number
    BigDecimal stripped = value.stripTrailingZeros();
    if ((long) stripped.precision() - stripped.scale() > integerDigits) {
      return Optional.of("is out of range: at most " + integerDigits + " digits before the decimal point");
    }
    if (stripped.scale() > scale) {
      return Optional.of("has too many decimal places: at most " + scale);
    }
    return Optional.empty();
  }

  /**
   * {@code bytes} as UTF-8, refusing malformed input instead of replacing it; a leading byte-order mark is dropped.
   *
   * @throws MalformedUtf8 naming the offset of the first bad byte
   */
  public static String utf8(byte[] bytes) throws MalformedUtf8 {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
      in.position(3);
    }
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new MalformedUtf8(in.position());
    }
    return out.flip().toString();
  }

  /** Bytes that are not UTF-8: {@code offset} is where the first bad sequence starts. */
  public static final class MalformedUtf8 extends CharacterCodingException {
    private final int offset;

    public MalformedUtf8(int offset) {
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }

    @Override
    public String getMessage() {
      return "not valid UTF-8 (a malformed byte sequence at byte " + offset + ")";
    }
  }

  /** A value as a message may repeat it: cut at {@value #ECHO_CHARS} characters. */
  public static String echo(Object value) {
    String text = String.valueOf(value);
    return text.length() <= ECHO_CHARS ? text : text.substring(0, ECHO_CHARS) + "…";
  }
}

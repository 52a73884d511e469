package io.shotflow.api.storyboard;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/** Storyboard ids: a slug of the title plus a short random suffix, only {@code [a-z0-9-]}. */
final class StoryboardIds {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX_SLUG = 40;
  private static final int SUFFIX = 6;
  private static final SecureRandom RANDOM = new SecureRandom();

  private StoryboardIds() {}

  static String newId(String title) {
    StringBuilder suffix = new StringBuilder(SUFFIX);
    for (int i = 0; i < SUFFIX; i++) {
      suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return slug(title) + "-" + suffix;
  }

  static String slug(String title) {
    String ascii = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    if (ascii.length() > MAX_SLUG) {
      ascii = ascii.substring(0, MAX_SLUG).replaceAll("-+$", "");
    }
    return ascii.isEmpty() ? "storyboard" : ascii;
  }
}

package io.shotflow.emulator.common;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The voices an emulated account may bind to a spoken line (Kling's {@code voice_list}, fal's {@code voice_ids};
 * docs/providers.md §1.13, §2.6), and the bindings its accepted requests carried. Real ids come from the provider's
 * custom-voice and preset-voice lists of the account, so an emulator knows {@link #PRESET} and whatever a test adds;
 * any other id is refused as the provider would refuse an id it does not know [I: neither provider documents the error
 * for an unknown voice; each emulator answers with its generic parameter error]. The lip-sync voices ({@code en_AOT}…)
 * are not among them: Kling's doc says voice_list takes "NOT the voice_id of Lip-Sync API".
 */
public final class VoiceLibrary {

  /** The one voice every emulated account has: shaped like the custom voice id in Kling's doc example. */
  public static final String PRESET = "850087542757535834";
  /** A request binds at most two voices (both providers). */
  public static final int MAX_VOICES = 2;
  private static final Pattern VOICE_NAME = Pattern.compile("<<<voice_(\\d+)>>>");

  /** One accepted request that bound voices: its key (task or request id), model, the voice ids, and its prompt. */
  public record Binding(String key, String model, List<String> voiceIds, String prompt) {}

  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final List<Binding> bindings = new CopyOnWriteArrayList<>();

  public VoiceLibrary() {
    known.add(PRESET);
  }

  /** Makes {@code voiceId} one of the account's voices. */
  public void add(String voiceId) {
    known.add(voiceId);
  }

  /**
   * The first problem of a request binding {@code voiceIds} with {@code prompt}: more than two, a blank or unknown id,
   * or a {@code <<<voice_n>>>} in the prompt that names no listed voice; null when the binding is valid.
   */
  public String problem(List<String> voiceIds, String prompt) {
    if (voiceIds.size() > MAX_VOICES) {
      return "at most " + MAX_VOICES + " voices, not " + voiceIds.size();
    }
    for (String id : voiceIds) {
      if (id == null || id.isBlank()) {
        return "voice_id must not be empty";
      }
      if (!known.contains(id)) {
        return "voice_id " + id + " is not a voice of this account (custom or preset)";
      }
    }
    Matcher named = VOICE_NAME.matcher(prompt == null ? "" : prompt);
    while (named.find()) {
      int n = Integer.parseInt(named.group(1));
      if (n < 1 || n > voiceIds.size()) {
        return "prompt names <<<voice_" + n + ">>>, but " + voiceIds.size() + " voices are listed";
      }
    }
    return null;
  }

  /** True when {@code prompt} names a listed voice: what both providers bill as "with specified voice". */
  public static boolean named(String prompt) {
    return prompt != null && VOICE_NAME.matcher(prompt).find();
  }

  public void record(Binding binding) {
    bindings.add(binding);
  }

  /** Every accepted request's voice binding, in the order received. */
  public List<Binding> bindings() {
    return List.copyOf(bindings);
  }
}

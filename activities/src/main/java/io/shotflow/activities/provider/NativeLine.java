package io.shotflow.activities.provider;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;

/**
 * The line a clip with native audio speaks, as Kling's models take it wherever they are served (docs/providers.md
 * §1.13, §2.6): written in the prompt, and, when the request names a voice and the model binds voices, spoken in that
 * voice: the voice is the first of the request's voice list ({@code voice_list} on Kling, {@code voice_ids} on fal),
 * named {@code <<<voice_1>>>} in the prompt next to the line. Both providers bill "with specified voice" only when a
 * voice is listed and the prompt names it, so a bound voice is always named.
 *
 * <p>A voice is bound exactly when the rate card prices the request with voice control ({@link RateCard.Sound#VOICE}):
 * what is reserved and what is asked of the provider are decided by the same rule.
 */
public final class NativeLine {

  /** How the prompt names the first voice of the request's voice list (Kling's syntax, also fal's). */
  public static final String FIRST_VOICE = "<<<voice_1>>>";

  private NativeLine() {}

  /** True when {@code request}, sent to {@code provider}, speaks its line in a named voice its model binds. */
  public static boolean bindsVoice(String provider, GenerationRequest request) {
    return RateCard.Sound.of(request.withProvider(provider), ProviderCapabilities.catalog()) == RateCard.Sound.VOICE;
  }

  /**
   * {@code prompt} with the request's line appended when it asks for native audio and has one: in the bound voice as
   * {@code The speaker <<<voice_1>>> says: "<line>"} [I: the shape of Kling's example, {@code The man <<<voice_1>>>
   * said, "Hello."}; the doc asks for simple grammar], else as {@code Dialogue: "<line>"} [I: Kling's and fal's
   * examples quote spoken lines in the prompt]. The prompt unchanged otherwise.
   */
  public static String prompt(String prompt, GenerationRequest request, boolean voiced) {
    if (!request.nativeAudio() || request.speech() == null) {
      return prompt;
    }
    String line = "\"" + request.speech().text() + "\"";
    String spoken = voiced ? "The speaker " + FIRST_VOICE + " says: " + line : "Dialogue: " + line;
    return prompt == null || prompt.isBlank() ? spoken : prompt + " " + spoken;
  }
}

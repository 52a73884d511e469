package io.shotflow.emulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The routes an emulator serves besides its provider's protocol: its media under {@code /files/<name>}, fault injection
 * at {@code POST /emulator/faults} ({@code {"fault": "<name>", "on": "<target>", "times": n}}, names case-insensitive)
 * and the submission counts at {@code GET /emulator/submissions}.
 */
public final class EmulatorRoutes {

  private EmulatorRoutes() {}

  /**
   * Answers the request when it is one of these routes and returns true; {@code faults} maps each {@code on} target to
   * its queue, {@code defaultOn} is the target when the injection names none.
   */
  public static <F extends Enum<F>> boolean serve(HttpExchange exchange, EmulatorMedia media,
      SubmissionCounter submissions, Class<F> faultType, String defaultOn, Map<String, Faults<F>> faults)
      throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (method.equals("GET") && path.startsWith("/files/")) {
      Path file = media.file(path.substring("/files/".length()));
      if (file == null) {
        EmulatorHttp.sendJson(exchange, 404, EmulatorHttp.JSON.createObjectNode().put("error", "not found"));
      } else {
        EmulatorHttp.sendFile(exchange, file, path.endsWith(".png") ? "image/png" : "video/mp4");
      }
      return true;
    }
    if (method.equals("POST") && path.equals("/emulator/faults")) {
      JsonNode body = EmulatorHttp.JSON.readTree(EmulatorHttp.body(exchange));
      String on = body.path("on").asText(defaultOn);
      Faults<F> queue = faults.get(on);
      F fault;
      try {
        fault = Enum.valueOf(faultType, body.path("fault").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        fault = null;
      }
      if (queue == null || fault == null) {
        EmulatorHttp.sendJson(exchange, 400, EmulatorHttp.JSON.createObjectNode().put("error",
            "fault must be one of " + Arrays.toString(faultType.getEnumConstants()) + " and on one of "
                + faults.keySet()));
        return true;
      }
      queue.inject(fault, body.path("times").asInt(1));
      EmulatorHttp.send(exchange, 204, "application/json", new byte[0]);
      return true;
    }
    if (method.equals("GET") && path.equals("/emulator/submissions")) {
      EmulatorHttp.sendJson(exchange, 200, EmulatorHttp.JSON.valueToTree(submissions.snapshot()));
      return true;
    }
    return false;
  }
}

package io.shotflow.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks the configured port when it is free, otherwise any free one, so a second local run does not collide. */
final class Ports {

  private Ports() {}

  static int freeOr(int preferred) {
    if (isFree(preferred)) {
      return preferred;
    }
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free TCP port on this machine", e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package io.shotflow.api;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;

/** Whether a port of this machine answers on a given address: loopback, or one other hosts would connect to. */
final class Reachability {

  private Reachability() {}

  static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** This machine's IPv4 addresses other than loopback (none on a machine without a network). */
  static List<InetAddress> nonLoopbackAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(Reachability::isUpAndNotLoopback)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
          .toList();
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list the network interfaces", e);
    }
  }

  private static boolean isUpAndNotLoopback(NetworkInterface n) {
    try {
      return n.isUp() && !n.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}

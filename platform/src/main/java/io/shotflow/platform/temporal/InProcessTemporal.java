package io.shotflow.platform.temporal;

import io.grpc.ManagedChannel;

/** A Temporal server running inside this process: the address other processes use, and a channel that skips TCP. */
public interface InProcessTemporal {

  /** The {@code host:port} other processes connect to. */
  String target();

  /** A channel to the same server inside this process. */
  ManagedChannel channel();
}

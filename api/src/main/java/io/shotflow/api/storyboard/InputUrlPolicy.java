package io.shotflow.api.storyboard;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a spec may name as an input to download: http(s) only, to hosts whose every address is public. Loopback,
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), link-local (169.254/16 with cloud
 * metadata services, fe80::/10), multicast, broadcast and unspecified addresses are refused unless
 * {@code shotflow.inputs.allow-private-networks} is true (a test's own servers, an intranet deployment).
 *
 * <p>The check runs on the whole spec before any download and again just before each download connects: the JVM
 * caches a name's addresses (30 s by default), so the connection goes to the addresses that were checked.
 */
@Singleton
public class InputUrlPolicy {

  static final String ALLOW_PRIVATE = "shotflow.inputs.allow-private-networks";

  /** Looks up a host's addresses; replaceable in tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivateNetworks;
  private final Resolver resolver;

  public InputUrlPolicy(@Value("${" + ALLOW_PRIVATE + ":false}") boolean allowPrivateNetworks) {
    this(allowPrivateNetworks, InetAddress::getAllByName);
  }

  InputUrlPolicy(boolean allowPrivateNetworks, Resolver resolver) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.resolver = resolver;
  }

  /** Why {@code url} may not be downloaded, in words for a spec error; empty when it may. */
  public Optional<String> problem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return Optional.of("not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must be an http(s) URL, not " + (scheme.isEmpty() ? "a relative reference" : scheme + ":"));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("URL has no host: '" + url + "'");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("URL carries credentials (user:password@); use a URL without them");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return Optional.of("host " + host + " does not resolve");
    }
    if (allowPrivateNetworks) {
      return Optional.empty();
    }
    for (InetAddress address : addresses) {
      Optional<String> kind = nonPublic(address);
      if (kind.isPresent()) {
        return Optional.of("host " + host + " resolves to " + address.getHostAddress() + ", a " + kind.get()
            + " address; inputs are downloaded from public hosts only (set " + ALLOW_PRIVATE + "=true to allow "
            + "private networks)");
      }
    }
    return Optional.empty();
  }

  /** What kind of non-public address this is, or empty for a public one. */
  static Optional<String> nonPublic(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("private");
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 100 && second >= 64 && second <= 127) {
        return Optional.of("carrier-grade NAT");
      }
      if (first == 0 || first >= 240) {
        return Optional.of("reserved");
      }
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return Optional.of("private (unique local)");
      }
      if (isIpv4Embedded(b)) {
        try {
          return nonPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return Optional.of("reserved");
        }
      }
    }
    return Optional.empty();
  }

  /** ::a.b.c.d (IPv4-compatible) or 64:ff9b::a.b.c.d (NAT64): an IPv4 address in IPv6 clothing. */
  private static boolean isIpv4Embedded(byte[] b) {
    boolean compatible = true;
    for (int i = 0; i < 12; i++) {
      compatible &= b[i] == 0;
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    for (int i = 4; i < 12 && nat64; i++) {
      nat64 = b[i] == 0;
    }
    return compatible || nat64;
  }
}

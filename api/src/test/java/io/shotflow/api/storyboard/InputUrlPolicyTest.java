package io.shotflow.api.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputUrlPolicyTest {

  /** Names resolved from a table, as a DNS server would answer them. */
  private static InputUrlPolicy policy(boolean allowPrivate, Map<String, String> dns) {
    return new InputUrlPolicy(allowPrivate, host -> {
      String address = dns.get(host);
      if (address == null) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByName(address)};
    });
  }

  private static String refusal(InputUrlPolicy policy, String url) {
    return policy.problem(url).orElseThrow(() -> new AssertionError(url + " was allowed"));
  }

  @Test
  void publicHostsAreAllowed() {
    InputUrlPolicy policy = policy(false, Map.of("images.example", "93.184.216.34", "v6.example", "2606:4700::1"));
    assertEquals(Optional.empty(), policy.problem("https://images.example/frame.png"));
    assertEquals(Optional.empty(), policy.problem("http://v6.example:8080/frame.png"));
  }

  @Test
  void everyNonPublicRangeIsRefusedNamingTheAddressAndItsKind() {
    Map<String, String> kinds = Map.ofEntries(
        Map.entry("127.0.0.1", "loopback"), Map.entry("127.8.8.8", "loopback"), Map.entry("::1", "loopback"),
        Map.entry("10.0.0.7", "private"), Map.entry("172.20.1.1", "private"), Map.entry("192.168.1.1", "private"),
        Map.entry("fd12:3456::1", "private (unique local)"), Map.entry("100.100.0.1", "carrier-grade NAT"),
        Map.entry("169.254.169.254", "link-local"), Map.entry("fe80::1", "link-local"),
        Map.entry("224.0.0.1", "multicast"), Map.entry("ff02::1", "multicast"), Map.entry("0.0.0.0", "unspecified"),
        Map.entry("255.255.255.255", "reserved"), Map.entry("64:ff9b::a00:1", "private"));
    kinds.forEach((address, kind) -> {
      String message = refusal(policy(false, Map.of("inside.example", address)), "http://inside.example/f.png");
      assertTrue(message.contains("resolves to "), message);
      assertTrue(message.contains(", a " + kind + " address"), address + ": " + message);
    });
  }

  @Test
  void aNameWithOnePrivateAddressAmongPublicOnesIsRefused() {
    InputUrlPolicy policy = new InputUrlPolicy(false, host -> new InetAddress[] {
        InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")});
    assertTrue(refusal(policy, "https://mixed.example/a.png").contains("10.0.0.1, a private address"));
  }

  @Test
  void withTheSettingOnPrivateNetworksAreAllowedButOtherRulesStay() {
    InputUrlPolicy policy = policy(true, Map.of("localhost", "127.0.0.1"));
    assertEquals(Optional.empty(), policy.problem("http://localhost:8080/a.png"));
    assertTrue(refusal(policy, "ftp://localhost/a.png").contains("must be an http(s) URL"));
    assertTrue(refusal(policy, "http://nowhere.invalid/a.png").contains("does not resolve"));
    assertTrue(refusal(policy, "http://user:pw@localhost/a.png").contains("credentials"));
  }
}

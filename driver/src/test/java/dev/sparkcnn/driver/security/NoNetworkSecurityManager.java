package dev.sparkcnn.driver.security;

import java.net.InetAddress;
import java.security.Permission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Installed with {@code -Djava.security.manager=} in a child JVM: permits everything except
 * resolving or connecting to a host other than this machine, which it refuses and reports on
 * standard error as {@code BLOCKED host}.
 */
public final class NoNetworkSecurityManager extends SecurityManager {
  private final Set<String> local;

  public NoNetworkSecurityManager() throws Exception {
    InetAddress self = InetAddress.getLocalHost();
    local = new HashSet<>(List.of("localhost", "127.0.0.1", "0.0.0.0", "::1", "0:0:0:0:0:0:0:1", self.getHostName(),
        self.getHostAddress(), self.getCanonicalHostName()));
  }

  @Override
  public void checkPermission(Permission perm) {
    // everything but the network, below
  }

  @Override
  public void checkPermission(Permission perm, Object context) {
    // everything but the network, below
  }

  @Override
  public void checkConnect(String host, int port) {
    String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!local.contains(name) && !name.startsWith("127.") && !name.startsWith("192.0.2.") && !name.startsWith("10.")
        && !name.startsWith("172.") && !name.startsWith("192.168.")) {
      System.err.println("BLOCKED " + host + ":" + port);
      throw new SecurityException("spark-cnn may not reach " + host);
    }
  }

  @Override
  public void checkConnect(String host, int port, Object context) {
    checkConnect(host, port);
  }
}

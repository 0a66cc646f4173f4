package io.acrcmk.operator.sandbox;

import java.util.Locale;

/**
 * The addresses of the simulated services: ARM and the token endpoint on {@code
 * https://127.0.0.1:{port}/}, each vault's data plane on {@code
 * https://{vault}.vault.localhost:{port}/}.
 *
 * @param port the HTTPS port the simulator listens on
 * @param tenantId the simulated tenant
 * @param location the default region of seeded resources
 */
public record SimulatorEndpoints(int port, String tenantId, String location) {

  /** The DNS suffix of simulated vault hosts. */
  public static final String VAULT_DNS_SUFFIX = "vault.localhost";

  /** Returns the ARM endpoint, also the authority host, with a trailing slash. */
  public String armEndpoint() {
    return "https://127.0.0.1:" + port + "/";
  }

  /** Returns the data-plane URI of a vault, with a trailing slash as Key Vault reports it. */
  public String vaultUri(String vaultName) {
    return "https://"
        + vaultName.toLowerCase(Locale.ROOT)
        + "."
        + VAULT_DNS_SUFFIX
        + ":"
        + port
        + "/";
  }

  /** Returns the vault name of a data-plane host such as {@code kv1.vault.localhost}, or null. */
  static String vaultNameOfHost(String host) {
    String suffix = "." + VAULT_DNS_SUFFIX;
    String lower = host.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(suffix) || lower.length() == suffix.length()) {
      return null;
    }
    String name = lower.substring(0, lower.length() - suffix.length());
    return name.contains(".") ? null : name;
  }
}

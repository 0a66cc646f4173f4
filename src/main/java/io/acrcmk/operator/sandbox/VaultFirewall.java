package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Key Vault's network rules as they apply to the simulator's own clients, which always connect from
 * 127.0.0.1 and are never a trusted Azure service, so {@code bypass} does not help them.
 */
final class VaultFirewall {

  private static final String CLIENT_ADDRESS = "127.0.0.1";

  private VaultFirewall() {}

  /** Throws Key Vault's 403 when public access is disabled or the firewall denies 127.0.0.1. */
  static void check(ObjectNode vault) {
    String name = Json.text(vault, "name");
    String publicAccess = Json.text(vault, "properties/publicNetworkAccess");
    if ("disabled".equalsIgnoreCase(publicAccess)) {
      throw new SimulatorException(
          403,
          "Forbidden",
          "Public network access is disabled and request is not from a trusted service nor via an"
              + " approved private link.\r\nCaller: appid=simulator\r\nVault: "
              + name,
          "ForbiddenByFirewall");
    }
    JsonNode acls = Json.at(vault, "properties/networkAcls");
    if (acls == null || !"deny".equalsIgnoreCase(Json.text(acls, "defaultAction"))) {
      return;
    }
    for (JsonNode rule : acls.path("ipRules")) {
      if (allows(rule.path("value").asText())) {
        return;
      }
    }
    throw new SimulatorException(
        403,
        "Forbidden",
        "Client address is not authorized and caller is not a trusted service.\r\nClient address: "
            + CLIENT_ADDRESS
            + "\r\nCaller: appid=simulator\r\nVault: "
            + name,
        "ForbiddenByFirewall");
  }

  /** Returns whether an IP rule (an address or an IPv4 CIDR range) covers 127.0.0.1. */
  static boolean allows(String rule) {
    String value = rule.trim();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    int prefix;
    try {
      prefix = slash < 0 ? 32 : Integer.parseInt(value.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    long network = ipv4(address);
    if (network < 0 || prefix < 0 || prefix > 32) {
      return false;
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (network & mask) == (ipv4(CLIENT_ADDRESS) & mask);
  }

  private static long ipv4(String address) {
    String[] parts = address.split("\\.");
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String part : parts) {
      try {
        int octet = Integer.parseInt(part);
        if (octet < 0 || octet > 255) {
          return -1;
        }
        value = (value << 8) | octet;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return value;
  }
}

package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code properties} block of a registry as ACR returns it for a CMK-encrypted registry. */
final class RegistryProperties {

  private RegistryProperties() {}

  static ObjectNode withCmk(String keyIdentifier, String identity) {
    ObjectNode properties = Json.object();
    properties.put("adminUserEnabled", false);
    ObjectNode networkRules = properties.putObject("networkRuleSet");
    networkRules.put("defaultAction", "Allow");
    networkRules.putArray("virtualNetworkRules");
    networkRules.putArray("ipRules");
    ObjectNode policies = properties.putObject("policies");
    policies.putObject("quarantinePolicy").put("status", "disabled");
    ObjectNode trust = policies.putObject("trustPolicy");
    trust.put("type", "Notary");
    trust.put("status", "disabled");
    ObjectNode retention = policies.putObject("retentionPolicy");
    retention.put("days", 7);
    retention.put("status", "disabled");
    policies.putObject("exportPolicy").put("status", "enabled");
    ObjectNode encryption = properties.putObject("encryption");
    encryption.put("status", "enabled");
    ObjectNode vault = encryption.putObject("keyVaultProperties");
    vault.put("keyIdentifier", keyIdentifier);
    vault.put("identity", identity);
    properties.put("dataEndpointEnabled", false);
    properties.putArray("dataEndpointHostNames");
    properties.putArray("privateEndpointConnections");
    properties.put("publicNetworkAccess", "Enabled");
    properties.put("networkRuleBypassOptions", "AzureServices");
    properties.put("zoneRedundancy", "Disabled");
    properties.put("anonymousPullEnabled", false);
    return properties;
  }
}

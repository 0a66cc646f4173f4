package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Fills in the fields Key Vault computes for a vault and builds deleted-vault documents. */
final class VaultDocuments {

  private VaultDocuments() {}

  /**
   * Sets the fields ARM derives from the path and Key Vault derives on write: the simulator's
   * {@code vaultUri}, soft delete defaults and the provisioning state.
   */
  static void complete(ObjectNode vault, String id, String name, SimulatorEndpoints endpoints) {
    vault.put("id", id);
    vault.put("name", name);
    vault.put("type", SimulatorState.Kind.VAULT.type());
    if (!vault.hasNonNull("location")) {
      vault.put("location", endpoints.location());
    }
    if (!vault.has("tags")) {
      vault.putObject("tags");
    }
    ObjectNode properties = Json.objectAt(vault, "properties");
    properties.put("vaultUri", endpoints.vaultUri(name));
    if (!properties.hasNonNull("tenantId")) {
      properties.put("tenantId", endpoints.tenantId());
    }
    if (!properties.hasNonNull("enableSoftDelete")) {
      properties.put("enableSoftDelete", true);
    }
    if (!properties.hasNonNull("softDeleteRetentionInDays")) {
      properties.put("softDeleteRetentionInDays", 90);
    }
    properties.put("provisioningState", "Succeeded");
    properties.remove("createMode");
  }

  /** Returns the deleted-vault ID ARM uses: by subscription, location and name. */
  static String deletedId(String subscription, String location, String name) {
    return "/subscriptions/"
        + subscription
        + "/providers/Microsoft.KeyVault/locations/"
        + location
        + "/deletedVaults/"
        + name;
  }

  /** Builds the {@code Microsoft.KeyVault/deletedVaults} document for a vault deleted now. */
  static ObjectNode deletedVault(ObjectNode vault, Instant deletedAt) {
    String name = Json.text(vault, "name");
    String location = Json.text(vault, "location");
    String subscription = ArmPaths.subscriptionOf(Json.text(vault, "id"));
    int retention = vault.path("properties").path("softDeleteRetentionInDays").asInt(90);
    ObjectNode deleted = Json.object();
    deleted.put("id", deletedId(subscription, location, name));
    deleted.put("name", name);
    deleted.put("type", SimulatorState.Kind.DELETED_VAULT.type());
    ObjectNode properties = deleted.putObject("properties");
    properties.put("vaultId", Json.text(vault, "id"));
    properties.put("location", location);
    properties.set("tags", vault.has("tags") ? vault.get("tags").deepCopy() : Json.object());
    Instant seconds = deletedAt.truncatedTo(ChronoUnit.SECONDS);
    properties.put("deletionDate", seconds.toString());
    properties.put("scheduledPurgeDate", seconds.plus(Duration.ofDays(retention)).toString());
    properties.put(
        "purgeProtectionEnabled",
        vault.path("properties").path("enablePurgeProtection").asBoolean(false));
    return deleted;
  }
}

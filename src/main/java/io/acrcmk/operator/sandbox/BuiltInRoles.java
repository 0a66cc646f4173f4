package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The built-in role definitions the simulator starts with: Reader and the four Key Vault roles that
 * grant a key's read, wrap and unwrap data actions, with Azure's fixed GUIDs.
 */
public final class BuiltInRoles {

  /** Key Vault Crypto Service Encryption User: read, wrap and unwrap keys. */
  public static final String CRYPTO_SERVICE_ENCRYPTION_USER =
      "e147488a-f6f5-4113-8e2d-b22465e65bf6";

  /** Key Vault Crypto User: cryptographic operations with keys. */
  public static final String CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424";

  /** Key Vault Crypto Officer: every key data action. */
  public static final String CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";

  /** Key Vault Administrator: every vault data action. */
  public static final String ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";

  /** Reader: read every ARM resource, no data actions. */
  public static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  private static final String KEYS = "Microsoft.KeyVault/vaults/keys/";

  private static final List<String> KEY_VAULT_MANAGEMENT_READS =
      List.of(
          "Microsoft.Authorization/*/read",
          "Microsoft.Insights/alertRules/*",
          "Microsoft.Resources/deployments/*",
          "Microsoft.Resources/subscriptions/resourceGroups/read",
          "Microsoft.Support/*",
          "Microsoft.KeyVault/checkNameAvailability/read",
          "Microsoft.KeyVault/deletedVaults/read",
          "Microsoft.KeyVault/locations/*/read",
          "Microsoft.KeyVault/vaults/*/read",
          "Microsoft.KeyVault/operations/read");

  private BuiltInRoles() {}

  /** Returns fresh documents of every built-in role, keyed in ARM's tenant form. */
  static List<ObjectNode> all() {
    return List.of(
        definition(
            CRYPTO_SERVICE_ENCRYPTION_USER,
            "Key Vault Crypto Service Encryption User",
            "Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults"
                + " that use the 'Azure role-based access control' permission model.",
            List.of(
                "Microsoft.EventGrid/eventSubscriptions/write",
                "Microsoft.EventGrid/eventSubscriptions/read",
                "Microsoft.EventGrid/eventSubscriptions/delete"),
            List.of(KEYS + "read", KEYS + "wrap/action", KEYS + "unwrap/action")),
        definition(
            CRYPTO_USER,
            "Key Vault Crypto User",
            "Perform cryptographic operations using keys. Only works for key vaults that use the"
                + " 'Azure role-based access control' permission model.",
            List.of(),
            List.of(
                KEYS + "read",
                KEYS + "update/action",
                KEYS + "backup/action",
                KEYS + "encrypt/action",
                KEYS + "decrypt/action",
                KEYS + "wrap/action",
                KEYS + "unwrap/action",
                KEYS + "sign/action",
                KEYS + "verify/action")),
        definition(
            CRYPTO_OFFICER,
            "Key Vault Crypto Officer",
            "Perform any action on the keys of a key vault, except manage permissions. Only works"
                + " for key vaults that use the 'Azure role-based access control' permission"
                + " model.",
            KEY_VAULT_MANAGEMENT_READS,
            List.of(KEYS + "*", "Microsoft.KeyVault/vaults/keyrotationpolicies/*")),
        definition(
            ADMINISTRATOR,
            "Key Vault Administrator",
            "Perform all data plane operations on a key vault and all objects in it, including"
                + " certificates, keys, and secrets. Cannot manage key vault resources or manage"
                + " role assignments. Only works for key vaults that use the 'Azure role-based"
                + " access control' permission model.",
            KEY_VAULT_MANAGEMENT_READS,
            List.of("Microsoft.KeyVault/vaults/*")),
        definition(
            READER,
            "Reader",
            "View all resources, but does not allow you to make any changes.",
            List.of("*/read"),
            List.of()));
  }

  /** Builds a role definition document in ARM's shape. */
  static ObjectNode definition(
      String guid,
      String roleName,
      String description,
      List<String> actions,
      List<String> dataActions) {
    ObjectNode role = Json.object();
    role.put("id", "/providers/Microsoft.Authorization/roleDefinitions/" + guid);
    role.put("name", guid);
    role.put("type", SimulatorState.Kind.ROLE_DEFINITION.type());
    ObjectNode properties = role.putObject("properties");
    properties.put("roleName", roleName);
    properties.put("type", "BuiltInRole");
    properties.put("description", description);
    properties.putArray("assignableScopes").add("/");
    ObjectNode permissions = properties.putArray("permissions").addObject();
    permissions.set("actions", Json.arrayOf(actions));
    permissions.putArray("notActions");
    permissions.set("dataActions", Json.arrayOf(dataActions));
    permissions.putArray("notDataActions");
    properties.put("createdOn", "2021-01-01T00:00:00.0000000Z");
    properties.put("updatedOn", "2021-01-01T00:00:00.0000000Z");
    return role;
  }
}

package io.acrcmk.operator.check;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code az} commands that messages offer as fixes, with arguments filled in from the policy
 * and the snapshot. Values with shell metacharacters are single-quoted.
 */
final class AzureFixes {

  /** The built-in role that grants exactly get, wrapKey and unwrapKey on keys. */
  static final String CRYPTO_SERVICE_ENCRYPTION_USER = "Key Vault Crypto Service Encryption User";

  /** The argument az takes for the system-assigned identity. */
  static final String SYSTEM_IDENTITY_ARGUMENT = "[system]";

  private static final String DEFAULT_VAULT_DNS_SUFFIX = "vault.azure.net";
  private static final Pattern SAFE_ARGUMENT = Pattern.compile("^[A-Za-z0-9_./:=@%+,\\[\\]-]+$");

  private AzureFixes() {}

  /** Returns the identity argument of az acr commands: the identity's resource ID or [system]. */
  static String identityArgument(PolicyTarget target) {
    return target.identityType() == IdentityType.SystemAssigned || target.identity() == null
        ? SYSTEM_IDENTITY_ARGUMENT
        : target.identity().toString();
  }

  /**
   * Returns the key identifier the policy declares. The vault base comes from the vault's {@code
   * vaultUri}. When the vault was not read, it comes from the registry's key identifier if that
   * names the same vault, and otherwise from the public cloud's DNS suffix.
   */
  static String declaredKeyIdentifier(CheckInput input, String version) {
    PolicyTarget target = input.target();
    return vaultBaseUri(input)
        + "/keys/"
        + target.keyName()
        + (version == null ? "" : "/" + version);
  }

  /** Returns the declared key identifier with the pinned version, if the policy pins one. */
  static String declaredKeyIdentifier(CheckInput input) {
    return declaredKeyIdentifier(input, input.target().keyVersion());
  }

  private static String vaultBaseUri(CheckInput input) {
    VaultState vault = input.snapshot().vault().valueOrNull();
    if (vault != null && vault.vaultUri() != null && !vault.vaultUri().isBlank()) {
      return vault.vaultUri().strip().replaceFirst("/+$", "");
    }
    String vaultName = input.target().vault().name();
    RegistryState registry = input.snapshot().registry().valueOrNull();
    if (registry != null
        && registry.encryption() != null
        && registry.encryption().keyVault() != null) {
      KeyIdentifier.ParseResult used =
          KeyIdentifier.parse(registry.encryption().keyVault().keyIdentifier());
      if (used.isValid() && used.identifier().vaultName().equalsIgnoreCase(vaultName)) {
        return used.identifier().vaultBaseUri();
      }
    }
    return "https://" + vaultName + "." + DEFAULT_VAULT_DNS_SUFFIX;
  }

  /**
   * Returns the command that creates the registry with a customer-managed key. ACR needs a
   * user-assigned identity at creation, so a null {@code identity} leaves a placeholder for one.
   */
  static String createRegistry(ResourceId registry, ResourceId identity, String keyIdentifier) {
    return "az acr create -n "
        + quote(registry.name())
        + " -g "
        + quote(registry.resourceGroup())
        + " --sku Premium --identity "
        + (identity == null ? "<user-assigned-identity-id>" : quote(identity.toString()))
        + " --key-encryption-key "
        + quote(keyIdentifier);
  }

  static String updateSku(String registry) {
    return "az acr update -n " + quote(registry) + " --sku Premium";
  }

  static String assignIdentity(String registry, String identity) {
    return "az acr identity assign -n " + quote(registry) + " --identities " + quote(identity);
  }

  static String rotateRegistryKey(String registry, String keyIdentifier, String identity) {
    return "az acr encryption rotate-key -n "
        + quote(registry)
        + " --key-encryption-key "
        + quote(keyIdentifier)
        + " --identity "
        + quote(identity);
  }

  static String createIdentity(ResourceId identity) {
    return "az identity create --name "
        + quote(identity.name())
        + " --resource-group "
        + quote(identity.resourceGroup())
        + " --subscription "
        + quote(identity.subscriptionId());
  }

  static String setVaultTenant(String vault, String tenantId) {
    return "az keyvault update --name "
        + quote(vault)
        + " --set "
        + quote("properties.tenantId=" + tenantId);
  }

  static String enableTrustedServicesBypass(String vault) {
    return "az keyvault update --name " + quote(vault) + " --bypass AzureServices";
  }

  static String enablePublicNetworkAccess(String vault) {
    return "az keyvault update --name " + quote(vault) + " --public-network-access Enabled";
  }

  static String approvePrivateEndpoint(String connectionId) {
    return "az network private-endpoint-connection approve --id " + quote(connectionId);
  }

  static String setAccessPolicy(String vault, String principalId) {
    return "az keyvault set-policy --name "
        + quote(vault)
        + " --object-id "
        + quote(principalId)
        + " --key-permissions get wrapKey unwrapKey";
  }

  static String assignCryptoRole(String principalId, String vaultId) {
    return "az role assignment create --assignee-object-id "
        + quote(principalId)
        + " --assignee-principal-type ServicePrincipal --role \""
        + CRYPTO_SERVICE_ENCRYPTION_USER
        + "\" --scope "
        + quote(vaultId);
  }

  static String recoverVault(String vault) {
    return "az keyvault recover --name " + quote(vault);
  }

  static String recoverKey(String vault, String key) {
    return "az keyvault key recover --vault-name " + quote(vault) + " --name " + quote(key);
  }

  /** Adds an RSA 2048 version to the key; Key Vault lets a new version change the key type. */
  static String createRsaKeyVersion(String vault, String key) {
    return "az keyvault key create --vault-name "
        + quote(vault)
        + " --name "
        + quote(key)
        + " --kty RSA --size 2048";
  }

  static String rotateVaultKey(String vault, String key) {
    return "az keyvault key rotate --vault-name " + quote(vault) + " --name " + quote(key);
  }

  static String enableKeyVersion(String vault, String key, String version) {
    return setKeyAttributes(vault, key, version) + " --enabled true";
  }

  static String setKeyOperations(String vault, String key, String version, List<String> ops) {
    StringBuilder text = new StringBuilder(setKeyAttributes(vault, key, version)).append(" --ops");
    ops.forEach(op -> text.append(' ').append(quote(op)));
    return text.toString();
  }

  static String setNotBefore(String vault, String key, String version, Instant notBefore) {
    return setKeyAttributes(vault, key, version)
        + " --not-before "
        + notBefore.truncatedTo(ChronoUnit.SECONDS);
  }

  static String enableSoftDelete(String vault) {
    return "az keyvault update --name " + quote(vault) + " --enable-soft-delete true";
  }

  static String enablePurgeProtection(String vault) {
    return "az keyvault update --name " + quote(vault) + " --enable-purge-protection true";
  }

  private static String setKeyAttributes(String vault, String key, String version) {
    return "az keyvault key set-attributes --vault-name "
        + quote(vault)
        + " --name "
        + quote(key)
        + " --version "
        + quote(version);
  }

  /** Quotes a value from Azure or the policy when the shell would split or expand it. */
  private static String quote(String value) {
    if (value == null || value.isEmpty()) {
      return "''";
    }
    if (SAFE_ARGUMENT.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}

package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired customer-managed-key setup of one registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "duration(self.checkInterval) >= duration('30s')",
    message = "checkInterval must be at least 30s")
public class RegistryEncryptionPolicySpec {

  /** Go duration syntax, as kubectl and most Kubernetes fields write durations. */
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  @Required
  @JsonPropertyDescription("The Azure Container Registry whose encryption is checked.")
  private RegistryReference registry;

  @Required
  @JsonPropertyDescription("The Key Vault that holds the customer-managed key.")
  private KeyVaultReference keyVault;

  @Required
  @JsonPropertyDescription("The key in the vault that the registry must be encrypted with.")
  private KeyReference key;

  @Required
  @JsonPropertyDescription("The managed identity the registry uses to reach the key vault.")
  private IdentityReference identity;

  @Default("5m")
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How often the whole chain is checked, as a Go duration such as 5m or 1h30m; at least"
          + " 30s.")
  private String checkInterval = "5m";

  @Default("720h")
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How long before the key expires the KeyRotationCurrent condition turns False with"
          + " reason KeyExpiringSoon, as a Go duration.")
  private String keyExpiryWarning = "720h";

  @JsonPropertyDescription("Which faults the operator may repair, and whether it acts or plans.")
  private HealingSpec healing = new HealingSpec();

  @Default("false")
  @JsonPropertyDescription("When true, the operator stops checking this registry.")
  private boolean suspend;

  public RegistryReference getRegistry() {
    return registry;
  }

  public void setRegistry(RegistryReference registry) {
    this.registry = registry;
  }

  public KeyVaultReference getKeyVault() {
    return keyVault;
  }

  public void setKeyVault(KeyVaultReference keyVault) {
    this.keyVault = keyVault;
  }

  public KeyReference getKey() {
    return key;
  }

  public void setKey(KeyReference key) {
    this.key = key;
  }

  public IdentityReference getIdentity() {
    return identity;
  }

  public void setIdentity(IdentityReference identity) {
    this.identity = identity;
  }

  public String getCheckInterval() {
    return checkInterval;
  }

  public void setCheckInterval(String checkInterval) {
    this.checkInterval = checkInterval;
  }

  public String getKeyExpiryWarning() {
    return keyExpiryWarning;
  }

  public void setKeyExpiryWarning(String keyExpiryWarning) {
    this.keyExpiryWarning = keyExpiryWarning;
  }

  public HealingSpec getHealing() {
    return healing;
  }

  public void setHealing(HealingSpec healing) {
    this.healing = healing;
  }

  public boolean isSuspend() {
    return suspend;
  }

  public void setSuspend(boolean suspend) {
    this.suspend = suspend;
  }
}

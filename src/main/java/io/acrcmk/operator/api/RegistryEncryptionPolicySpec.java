package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Desired customer-managed-key setup of one registry.
 *
 * <p>The CEL rules on the duration fields first test the value against {@link #DURATION_PATTERN}.
 * The API server runs CEL rules even when a pattern fails, and {@code duration()} on a malformed
 * value would add a second, confusing error to the pattern error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!self.checkInterval.matches(r'"
            + RegistryEncryptionPolicySpec.DURATION_PATTERN
            + "') || !self.keyExpiryWarning.matches(r'"
            + RegistryEncryptionPolicySpec.DURATION_PATTERN
            + "') || duration(self.keyExpiryWarning) >= duration(self.checkInterval)",
    message =
        "keyExpiryWarning must not be shorter than checkInterval, or a key could expire between"
            + " two checks without a warning")
public class RegistryEncryptionPolicySpec {

  /**
   * Go duration syntax, as kubectl and most Kubernetes fields write durations, limited to the units
   * h, m, s and ms. {@link GoDuration#parse} accepts exactly these strings.
   */
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  private static final String MATCHES_DURATION_PATTERN =
      "self.matches(r'" + DURATION_PATTERN + "')";

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
  @Size(max = 32)
  @Pattern(DURATION_PATTERN)
  @ValidationRule(
      value = "!" + MATCHES_DURATION_PATTERN + " || duration(self) >= duration('30s')",
      message = "checkInterval must be at least 30s")
  @ValidationRule(
      value = "!" + MATCHES_DURATION_PATTERN + " || duration(self) <= duration('24h')",
      message = "checkInterval must be at most 24h")
  @JsonPropertyDescription(
      "How often the operator checks the whole chain, as a Go duration such as 5m or 1h30m"
          + " (units h, m, s, ms). At least 30s and at most 24h.")
  private String checkInterval = "5m";

  @Default("720h")
  @Size(max = 32)
  @Pattern(DURATION_PATTERN)
  @ValidationRule(
      value = "!" + MATCHES_DURATION_PATTERN + " || duration(self) >= duration('1h')",
      message = "keyExpiryWarning must be at least 1h")
  @ValidationRule(
      value = "!" + MATCHES_DURATION_PATTERN + " || duration(self) <= duration('8760h')",
      message = "keyExpiryWarning must be at most 8760h (365 days)")
  @JsonPropertyDescription(
      "How long before the key version in use expires the KeyRotationCurrent condition turns"
          + " False with reason KeyExpiringSoon, as a Go duration such as 720h. At least 1h, at"
          + " most 8760h, and not shorter than checkInterval.")
  private String keyExpiryWarning = "720h";

  @Default("{}")
  @JsonPropertyDescription(
      "Which faults the operator may repair, and whether it repairs them or only reports what it"
          + " would do. Absent means no repairs.")
  private HealingSpec healing = new HealingSpec();

  @Default("false")
  @JsonPropertyDescription(
      "When true, the operator neither checks nor repairs this registry until it is set back to"
          + " false.")
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

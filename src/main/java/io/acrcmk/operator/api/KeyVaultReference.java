package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Reference to the key vault by ARM resource ID. */
public class KeyVaultReference {

  @Required
  @Size(max = ResourceIdPatterns.MAX_ID_LENGTH)
  @Pattern(ResourceIdPatterns.KEY_VAULT)
  // Only IDs that match the pattern are checked, so a malformed ID gets one error, not two.
  @ValidationRule(
      value =
          "!self.matches(r'"
              + ResourceIdPatterns.KEY_VAULT
              + "') || self.matches(r'"
              + ResourceIdPatterns.KEY_VAULT_NAME_FORM
              + "')",
      message =
          "the vault name must start with a letter, end with a letter or digit, and not contain"
              + " two hyphens in a row")
  @JsonPropertyDescription(
      "ARM resource ID of the key vault, as az keyvault show --query id prints it:"
          + " /subscriptions/<id>/resourceGroups/<group>/providers/"
          + "Microsoft.KeyVault/vaults/<name>. The vault name is 3 to 24 letters, digits and"
          + " hyphens, starts with a letter, ends with a letter or digit, and has no two hyphens"
          + " in a row.")
  private String resourceId;

  public KeyVaultReference() {}

  public KeyVaultReference(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }
}

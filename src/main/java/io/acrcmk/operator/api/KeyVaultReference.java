package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Reference to the key vault by ARM resource ID. */
public class KeyVaultReference {

  @Required
  @Pattern(ResourceIdPatterns.KEY_VAULT)
  @JsonPropertyDescription(
      "ARM resource ID of the key vault, as az keyvault show --query id prints it:"
          + " /subscriptions/<id>/resourceGroups/<group>/providers/"
          + "Microsoft.KeyVault/vaults/<name>.")
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

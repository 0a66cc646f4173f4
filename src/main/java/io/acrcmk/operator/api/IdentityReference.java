package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The managed identity the registry uses for the key vault. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'UserAssigned' || has(self.resourceId)",
    message = "resourceId is required when type is UserAssigned")
@ValidationRule(
    value = "self.type != 'SystemAssigned' || !has(self.resourceId)",
    message = "resourceId must not be set when type is SystemAssigned")
public class IdentityReference {

  @Required
  @JsonPropertyDescription(
      "UserAssigned for a user-assigned managed identity named by resourceId, or SystemAssigned"
          + " for the registry's own identity.")
  private IdentityType type;

  @Size(max = ResourceIdPatterns.MAX_ID_LENGTH)
  @Pattern(ResourceIdPatterns.USER_ASSIGNED_IDENTITY)
  @JsonPropertyDescription(
      "ARM resource ID of the user-assigned identity, as az identity show --query id prints it."
          + " Required when type is UserAssigned and not allowed when type is SystemAssigned.")
  private String resourceId;

  public IdentityReference() {}

  public IdentityReference(IdentityType type, String resourceId) {
    this.type = type;
    this.resourceId = resourceId;
  }

  public IdentityType getType() {
    return type;
  }

  public void setType(IdentityType type) {
    this.type = type;
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }
}

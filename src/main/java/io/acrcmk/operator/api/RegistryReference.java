package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Reference to the container registry by ARM resource ID. */
public class RegistryReference {

  @Required
  @Size(max = ResourceIdPatterns.MAX_ID_LENGTH)
  @Pattern(ResourceIdPatterns.REGISTRY)
  @JsonPropertyDescription(
      "ARM resource ID of the registry, as az acr show --query id prints it:"
          + " /subscriptions/<id>/resourceGroups/<group>/providers/"
          + "Microsoft.ContainerRegistry/registries/<name>.")
  private String resourceId;

  public RegistryReference() {}

  public RegistryReference(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }
}

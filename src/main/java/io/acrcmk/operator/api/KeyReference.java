package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The key in the vault, optionally pinned to one version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyReference {

  @Required
  @Pattern(ResourceIdPatterns.KEY_NAME)
  @JsonPropertyDescription("Name of the key in the vault: 1 to 127 letters, digits and hyphens.")
  private String name;

  @Pattern(ResourceIdPatterns.KEY_VERSION)
  @JsonPropertyDescription(
      "Key version the registry must use, as 32 hexadecimal characters. Empty or absent means"
          + " the versionless key: the registry follows new versions within about an hour.")
  private String version;

  public KeyReference() {}

  public KeyReference(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  /** Returns whether the policy pins a key version. */
  public boolean pinsVersion() {
    return version != null && !version.isEmpty();
  }
}

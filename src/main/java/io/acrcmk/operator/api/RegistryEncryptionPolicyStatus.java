package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the last check found, written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// A list-map keyed by type, as Kubernetes declares its own conditions, lets server-side apply
// merge conditions one type at a time.
@SchemaCustomizer(
    value = PropertySchemaPatch.class,
    input =
        "{\"conditions\": {\"x-kubernetes-list-type\": \"map\","
            + " \"x-kubernetes-list-map-keys\": [\"type\"]}}")
public class RegistryEncryptionPolicyStatus {

  @SchemaFrom(type = ConditionSchema[].class)
  @JsonPropertyDescription(
      "One condition per part of the chain (RegistryEncrypted, IdentityHealthy,"
          + " KeyVaultAccessible, KeyUsable, KeyRotationCurrent, RecoveryProtected) and Ready,"
          + " which rolls them up.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The metadata.generation of the spec that the last check used.")
  private Long observedGeneration;

  @JsonPropertyDescription("When the last check finished, in RFC 3339 format.")
  private String lastCheckTime;

  @JsonPropertyDescription("Name of the registry, taken from spec.registry.resourceId.")
  private String registryName;

  @JsonPropertyDescription(
      "Key version the registry encrypts with now, from its versionedKeyIdentifier.")
  private String keyVersion;

  @JsonPropertyDescription(
      "When the key version in use expires, in RFC 3339 format; absent when it has no expiry.")
  private String keyExpiresOn;

  @JsonPropertyDescription(
      "Repairs planned in the last check and the last repairs made or tried; absent while"
          + " spec.healing.mode is Disabled and nothing was ever repaired.")
  private HealingStatus healing;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastCheckTime() {
    return lastCheckTime;
  }

  public void setLastCheckTime(String lastCheckTime) {
    this.lastCheckTime = lastCheckTime;
  }

  public String getRegistryName() {
    return registryName;
  }

  public void setRegistryName(String registryName) {
    this.registryName = registryName;
  }

  public String getKeyVersion() {
    return keyVersion;
  }

  public void setKeyVersion(String keyVersion) {
    this.keyVersion = keyVersion;
  }

  public String getKeyExpiresOn() {
    return keyExpiresOn;
  }

  public void setKeyExpiresOn(String keyExpiresOn) {
    this.keyExpiresOn = keyExpiresOn;
  }

  public HealingStatus getHealing() {
    return healing;
  }

  public void setHealing(HealingStatus healing) {
    this.healing = healing;
  }
}

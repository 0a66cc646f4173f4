package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Schema of one status condition in the generated CRD. The status stores fabric8's {@code
 * Condition}, which has no descriptions, so this class replaces it in the schema and adds the
 * validation Kubernetes gives its own conditions (metav1.Condition). Nothing reads or writes it.
 */
public class ConditionSchema {

  /** A condition type as metav1.Condition accepts it: an optional DNS prefix and a name. */
  static final String TYPE_PATTERN =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

  /** A reason as metav1.Condition accepts it: CamelCase letters, digits, '_', ',' and ':'. */
  static final String REASON_PATTERN = "^([A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?)?$";

  @Required
  @Size(max = 316)
  @Pattern(TYPE_PATTERN)
  @JsonPropertyDescription(
      "Condition type: RegistryEncrypted, IdentityHealthy, KeyVaultAccessible, KeyUsable,"
          + " KeyRotationCurrent, RecoveryProtected or Ready.")
  public String type;

  @Required
  @JsonPropertyDescription(
      "True or False when the check could read what it needs; Unknown when it could not read"
          + " Azure, which never counts as a fault.")
  public ConditionStatus status;

  @Min(0)
  @JsonPropertyDescription("The metadata.generation of the spec this condition was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "When status last changed, in RFC 3339 format. A check that finds the same status keeps"
          + " the earlier time.")
  public String lastTransitionTime;

  @Size(max = 1024)
  @Pattern(REASON_PATTERN)
  @JsonPropertyDescription(
      "UpperCamelCase reason for the status, such as KeyExpired or AccessPolicyMissing.")
  public String reason;

  @Size(max = 32768)
  @JsonPropertyDescription(
      "What the check found, naming the Azure resource at fault and, when False, the command that"
          + " fixes it.")
  public String message;
}

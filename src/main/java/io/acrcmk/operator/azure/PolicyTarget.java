package io.acrcmk.operator.azure;

import io.acrcmk.operator.api.GoQuote;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.ResourceIdPatterns;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Azure resources one policy names, parsed and validated.
 *
 * @param registry the registry
 * @param vault the key vault
 * @param keyName the key name
 * @param keyVersion the pinned key version in lower case, or null for the versionless key
 * @param identityType the kind of identity
 * @param identity the user-assigned identity, or null for SystemAssigned
 */
public record PolicyTarget(
    ResourceId registry,
    ResourceId vault,
    String keyName,
    String keyVersion,
    IdentityType identityType,
    ResourceId identity) {

  // The CRD schema's patterns, applied again because a policy stored before the schema existed, or
  // an API server that does not validate, passes values that would otherwise reach request URLs.
  private static final Pattern REGISTRY_ID = Pattern.compile(ResourceIdPatterns.REGISTRY);
  private static final Pattern VAULT_ID = Pattern.compile(ResourceIdPatterns.KEY_VAULT);
  private static final Pattern VAULT_NAME_FORM =
      Pattern.compile(ResourceIdPatterns.KEY_VAULT_NAME_FORM);
  private static final Pattern IDENTITY_ID =
      Pattern.compile(ResourceIdPatterns.USER_ASSIGNED_IDENTITY);
  private static final Pattern KEY_NAME = Pattern.compile(ResourceIdPatterns.KEY_NAME);
  private static final Pattern KEY_VERSION = Pattern.compile(ResourceIdPatterns.KEY_VERSION);

  private static final int MAX_QUOTED_LENGTH = 300;

  private static final String VAULT_NAME_RULE =
      "a vault name is 3 to 24 letters, digits and hyphens, starting with a letter, ending with a"
          + " letter or digit, with no two hyphens in a row";

  /**
   * Parses the resource IDs of {@code spec}.
   *
   * @throws InvalidResourceIdException when a resource ID is missing, malformed or of the wrong
   *     type, when the key name or version breaks Key Vault's naming rules, or when the identity
   *     fields contradict each other
   */
  public static PolicyTarget from(RegistryEncryptionPolicySpec spec) {
    if (spec == null) {
      throw new InvalidResourceIdException("spec is missing");
    }
    if (spec.getRegistry() == null) {
      throw new InvalidResourceIdException("spec.registry is missing");
    }
    if (spec.getKeyVault() == null) {
      throw new InvalidResourceIdException("spec.keyVault is missing");
    }
    if (spec.getKey() == null
        || spec.getKey().getName() == null
        || spec.getKey().getName().isBlank()) {
      throw new InvalidResourceIdException("spec.key.name is missing");
    }
    if (spec.getIdentity() == null || spec.getIdentity().getType() == null) {
      throw new InvalidResourceIdException("spec.identity.type is missing");
    }
    String keyName = spec.getKey().getName();
    if (!KEY_NAME.matcher(keyName).matches()) {
      throw new InvalidResourceIdException(
          "spec.key.name "
              + quoted(keyName)
              + " is invalid: a key name is 1 to 127 letters, digits and hyphens");
    }
    ResourceId registry =
        parseField(
            "spec.registry.resourceId",
            spec.getRegistry().getResourceId(),
            ResourceId.REGISTRY_TYPE,
            REGISTRY_ID,
            "a registry name is 5 to 50 letters and digits");
    ResourceId vault =
        parseField(
            "spec.keyVault.resourceId",
            spec.getKeyVault().getResourceId(),
            ResourceId.VAULT_TYPE,
            VAULT_ID,
            VAULT_NAME_RULE);
    if (!VAULT_NAME_FORM.matcher(spec.getKeyVault().getResourceId()).find()) {
      throw new InvalidResourceIdException(
          "spec.keyVault.resourceId "
              + quoted(spec.getKeyVault().getResourceId())
              + " is invalid: "
              + VAULT_NAME_RULE);
    }
    IdentityType type = spec.getIdentity().getType();
    String identityId = spec.getIdentity().getResourceId();
    ResourceId identity = null;
    if (type == IdentityType.UserAssigned) {
      identity =
          parseField(
              "spec.identity.resourceId",
              identityId,
              ResourceId.IDENTITY_TYPE,
              IDENTITY_ID,
              "an identity name is 3 to 128 letters, digits, hyphens and underscores, starting"
                  + " with a letter or digit");
    } else if (identityId != null && !identityId.isBlank()) {
      throw new InvalidResourceIdException(
          "spec.identity.resourceId must be empty when spec.identity.type is SystemAssigned");
    }
    String version = null;
    if (spec.getKey().pinsVersion()) {
      version = spec.getKey().getVersion();
      if (!KEY_VERSION.matcher(version).matches()) {
        throw new InvalidResourceIdException(
            "spec.key.version "
                + quoted(version)
                + " is invalid: a key version is 32 hexadecimal characters, or empty for the"
                + " versionless key");
      }
      version = version.toLowerCase(Locale.ROOT);
    }
    return new PolicyTarget(registry, vault, keyName, version, type, identity);
  }

  private static ResourceId parseField(
      String field, String value, String type, Pattern shape, String nameRule) {
    if (value != null && value.length() > ResourceIdPatterns.MAX_ID_LENGTH) {
      throw new InvalidResourceIdException(
          field
              + " "
              + quoted(value)
              + " is invalid: a resource ID is at most "
              + ResourceIdPatterns.MAX_ID_LENGTH
              + " characters");
    }
    ResourceId parsed;
    try {
      parsed = ResourceId.parse(value, type);
    } catch (InvalidResourceIdException e) {
      // ResourceId quotes the raw value, so show it escaped, as the other messages here do.
      String message =
          value == null ? e.getMessage() : e.getMessage().replace("'" + value + "'", quoted(value));
      throw new InvalidResourceIdException(field + ": " + message);
    }
    // No trimming: the API server rejects an ID with outer spaces, and so does this.
    if (!shape.matcher(value).matches()) {
      throw new InvalidResourceIdException(
          field
              + " "
              + quoted(value)
              + " is invalid: "
              + nameRule
              + ", and a resource group name is 1 to 90 letters, digits, hyphens, underscores,"
              + " periods and parentheses, not ending with a period");
    }
    return parsed;
  }

  /**
   * Returns {@code value} in quotes with hidden characters escaped, as the API server shows it, and
   * shortened so a huge value cannot swell status messages.
   */
  private static String quoted(String value) {
    return value.length() <= MAX_QUOTED_LENGTH
        ? GoQuote.quote(value)
        : GoQuote.quote(value.substring(0, MAX_QUOTED_LENGTH))
            + "... ("
            + value.length()
            + " characters)";
  }
}

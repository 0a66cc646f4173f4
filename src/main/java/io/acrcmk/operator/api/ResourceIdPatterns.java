package io.acrcmk.operator.api;

/**
 * Patterns for the ARM resource IDs a policy names. ARM treats IDs case-insensitively and az prints
 * {@code resourcegroups} in lower case at times, so the fixed segments accept both forms.
 */
public final class ResourceIdPatterns {

  private static final String SUBSCRIPTION =
      "/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  // A resource group name: 1 to 90 letters, digits, hyphens, underscores, periods and
  // parentheses, not ending with a period.
  // NOTE: ARM also accepts Unicode letters and digits in resource group names, which this rejects.
  private static final String RESOURCE_GROUP =
      "/[Rr]esource[Gg]roups/[-a-zA-Z0-9._()]{0,89}[-a-zA-Z0-9_()]";
  private static final String PROVIDERS = "/[Pp]roviders/";

  /** A container registry: 5 to 50 letters and digits. */
  public static final String REGISTRY =
      "^"
          + SUBSCRIPTION
          + RESOURCE_GROUP
          + PROVIDERS
          + "[Mm]icrosoft\\.[Cc]ontainer[Rr]egistry/[Rr]egistries/[a-zA-Z0-9]{5,50}$";

  /**
   * A key vault: 3 to 24 letters, digits and hyphens. {@link #KEY_VAULT_NAME_FORM} adds the rest of
   * Key Vault's naming rules.
   */
  public static final String KEY_VAULT =
      "^"
          + SUBSCRIPTION
          + RESOURCE_GROUP
          + PROVIDERS
          + "[Mm]icrosoft\\.[Kk]ey[Vv]ault/[Vv]aults/[a-zA-Z0-9-]{3,24}$";

  /**
   * The end of a {@link #KEY_VAULT} ID whose vault name also has the form Key Vault requires: it
   * starts with a letter, ends with a letter or digit, and has no two hyphens in a row. A CEL rule
   * applies it, because the API server's regular expressions (Go RE2) cannot combine this form with
   * the length limit in one pattern.
   */
  public static final String KEY_VAULT_NAME_FORM = "/[Vv]aults/[a-zA-Z](-?[a-zA-Z0-9])+$";

  /**
   * The maximum length of a resource ID field, more than the longest ID the patterns accept (about
   * 350 characters). It bounds the cost the API server estimates for the CEL rules on the field and
   * the size of a rejected value echoed in an error.
   */
  public static final int MAX_ID_LENGTH = 512;

  /** A user-assigned managed identity: 3 to 128 characters, starting with a letter or digit. */
  public static final String USER_ASSIGNED_IDENTITY =
      "^"
          + SUBSCRIPTION
          + RESOURCE_GROUP
          + PROVIDERS
          + "[Mm]icrosoft\\.[Mm]anaged[Ii]dentity/[Uu]ser[Aa]ssigned[Ii]dentities/"
          + "[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$";

  /** A key name as Key Vault accepts it: 1 to 127 letters, digits and hyphens. */
  public static final String KEY_NAME = "^[a-zA-Z0-9-]{1,127}$";

  /** A key version: 32 hexadecimal characters, or empty for the versionless key. */
  public static final String KEY_VERSION = "^([0-9a-fA-F]{32})?$";

  private ResourceIdPatterns() {}
}

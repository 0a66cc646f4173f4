package io.acrcmk.operator.azure;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The endpoints of one Azure cloud. The same code reads the public cloud, a sovereign cloud or the
 * project's simulator; only these values differ.
 *
 * @param name a label for logs, such as AzurePublicCloud
 * @param resourceManagerEndpoint the ARM endpoint, such as https://management.azure.com/
 * @param authorityHost the Microsoft Entra authority, such as https://login.microsoftonline.com/
 * @param managementAudience the token audience for ARM, such as
 *     https://management.core.windows.net/
 * @param keyVaultDnsSuffix the DNS suffix of vault hosts, such as vault.azure.net
 */
public record AzureCloud(
    String name,
    URI resourceManagerEndpoint,
    URI authorityHost,
    URI managementAudience,
    String keyVaultDnsSuffix) {

  public static final AzureCloud PUBLIC =
      new AzureCloud(
          "AzurePublicCloud",
          URI.create("https://management.azure.com/"),
          URI.create("https://login.microsoftonline.com/"),
          URI.create("https://management.core.windows.net/"),
          "vault.azure.net");

  public static final AzureCloud US_GOVERNMENT =
      new AzureCloud(
          "AzureUSGovernment",
          URI.create("https://management.usgovcloudapi.net/"),
          URI.create("https://login.microsoftonline.us/"),
          URI.create("https://management.core.usgovcloudapi.net/"),
          "vault.usgovcloudapi.net");

  public static final AzureCloud CHINA =
      new AzureCloud(
          "AzureChinaCloud",
          URI.create("https://management.chinacloudapi.cn/"),
          URI.create("https://login.chinacloudapi.cn/"),
          URI.create("https://management.core.chinacloudapi.cn/"),
          "vault.azure.cn");

  public AzureCloud {
    Objects.requireNonNull(name, "name");
    requireHttps("resourceManagerEndpoint", resourceManagerEndpoint);
    requireHttps("authorityHost", authorityHost);
    Objects.requireNonNull(managementAudience, "managementAudience");
    if (keyVaultDnsSuffix == null || keyVaultDnsSuffix.isBlank()) {
      throw new IllegalArgumentException("keyVaultDnsSuffix is missing");
    }
    keyVaultDnsSuffix = keyVaultDnsSuffix.replaceFirst("^\\.", "").toLowerCase(Locale.ROOT);
  }

  /** Returns the cloud with this name (case-insensitive), or null when none matches. */
  public static AzureCloud named(String name) {
    for (AzureCloud cloud : new AzureCloud[] {PUBLIC, US_GOVERNMENT, CHINA}) {
      if (cloud.name().equalsIgnoreCase(name)) {
        return cloud;
      }
    }
    return null;
  }

  private static void requireHttps(String field, URI uri) {
    Objects.requireNonNull(uri, field);
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          field + " must be an https URL because Azure tokens are sent to it, got " + uri);
    }
  }
}

package io.acrcmk.operator.cli;

import io.acrcmk.operator.azure.AzureCloud;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options that choose the Azure cloud and its endpoints, shared by the commands that read Azure.
 */
final class AzureOptions {

  @Option(
      names = "--azure-cloud",
      defaultValue = "${env:AZURE_CLOUD:-AzurePublicCloud}",
      description =
          "Azure cloud: AzurePublicCloud, AzureUSGovernment or AzureChinaCloud (default:"
              + " ${DEFAULT-VALUE}, env AZURE_CLOUD).")
  String cloudName;

  @Option(
      names = "--arm-endpoint",
      defaultValue = "${env:AZURE_ARM_ENDPOINT}",
      description =
          "Azure Resource Manager endpoint URL; overrides the cloud's (env"
              + " AZURE_ARM_ENDPOINT).")
  URI armEndpoint;

  @Option(
      names = "--authority-host",
      defaultValue = "${env:AZURE_AUTHORITY_HOST}",
      description =
          "Microsoft Entra authority URL for tokens; overrides the cloud's (env"
              + " AZURE_AUTHORITY_HOST).")
  URI authorityHost;

  @Option(
      names = "--keyvault-dns-suffix",
      defaultValue = "${env:AZURE_KEYVAULT_DNS_SUFFIX}",
      description =
          "DNS suffix of Key Vault hosts, such as vault.azure.net; overrides the"
              + " cloud's (env AZURE_KEYVAULT_DNS_SUFFIX).")
  String keyVaultDnsSuffix;

  @Option(
      names = "--azure-timeout",
      defaultValue = "${env:AZURE_REQUEST_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description =
          "Timeout of one Azure request, such as 30s or 1m (default: ${DEFAULT-VALUE},"
              + " env AZURE_REQUEST_TIMEOUT).")
  Duration requestTimeout;

  /** Returns the cloud with any endpoint overrides applied. */
  AzureCloud cloud() {
    AzureCloud base = AzureCloud.named(cloudName);
    if (base == null) {
      throw new IllegalArgumentException(
          "unknown --azure-cloud '"
              + cloudName
              + "'; expected AzurePublicCloud, AzureUSGovernment or AzureChinaCloud");
    }
    return new AzureCloud(
        base.name(),
        armEndpoint != null ? armEndpoint : base.resourceManagerEndpoint(),
        authorityHost != null ? authorityHost : base.authorityHost(),
        base.managementAudience(),
        keyVaultDnsSuffix != null ? keyVaultDnsSuffix : base.keyVaultDnsSuffix());
  }
}

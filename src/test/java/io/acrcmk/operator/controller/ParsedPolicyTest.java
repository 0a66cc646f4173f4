package io.acrcmk.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParsedPolicyTest {

  private static final String SUB = "/subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70";

  @Test
  void defaultsParse() {
    ParsedPolicy parsed = ParsedPolicy.from(spec("5m", "720h"));

    assertThat(parsed.checkInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(parsed.keyExpiryWarning()).isEqualTo(Duration.ofHours(720));
    assertThat(parsed.target().registry().name()).isEqualTo("contosoprodacr");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10s | 720h | spec.checkInterval must be at least 30s, got 10s",
        "1000h | 8760h | spec.checkInterval must be at most 24h, got 1000h",
        "5m | 30m | spec.keyExpiryWarning must be at least 1h, got 30m",
        "5m | 9000h | spec.keyExpiryWarning must be at most 8760h, got 9000h",
        "24h | 2h | spec.keyExpiryWarning (2h) must not be shorter than spec.checkInterval (24h)",
        "5 minutes | 720h | spec.checkInterval:",
        "5m | | spec.keyExpiryWarning:"
      })
  void rejectsUnusableDurations(String interval, String warning, String message) {
    assertThatThrownBy(() -> ParsedPolicy.from(spec(interval, warning)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  // The CRD rejects this vault name with a CEL rule. A policy stored without that rule must still
  // be rejected before any Azure request, so the reconciler reports InvalidSpec.
  @Test
  void rejectsVaultNameTheSchemaRejects() {
    RegistryEncryptionPolicySpec spec = spec("5m", "720h");
    spec.setKeyVault(
        new KeyVaultReference(
            SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/contoso--kv"));

    assertThatThrownBy(() -> ParsedPolicy.from(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.keyVault.resourceId")
        .hasMessageContaining("no two hyphens in a row");
  }

  private static RegistryEncryptionPolicySpec spec(String interval, String warning) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(
        new RegistryReference(
            SUB
                + "/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/"
                + "contosoprodacr"));
    spec.setKeyVault(
        new KeyVaultReference(SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"));
    spec.setKey(new KeyReference("acr-cmk-key", null));
    spec.setIdentity(new IdentityReference(IdentityType.SystemAssigned, null));
    spec.setCheckInterval(interval);
    spec.setKeyExpiryWarning(warning);
    return spec;
  }
}

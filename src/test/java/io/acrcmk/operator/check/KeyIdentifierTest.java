package io.acrcmk.operator.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyIdentifierTest {

  private static final String VERSION = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

  @Test
  void parsesVersionedIdentifier() {
    KeyIdentifier.ParseResult result =
        KeyIdentifier.parse("https://contoso-kv.vault.azure.net/keys/acr-cmk/" + VERSION);

    assertThat(result.isValid()).isTrue();
    KeyIdentifier identifier = result.identifier();
    assertThat(identifier.vaultName()).isEqualTo("contoso-kv");
    assertThat(identifier.dnsSuffix()).isEqualTo("vault.azure.net");
    assertThat(identifier.vaultBaseUri()).isEqualTo("https://contoso-kv.vault.azure.net");
    assertThat(identifier.keyName()).isEqualTo("acr-cmk");
    assertThat(identifier.version()).isEqualTo(VERSION);
    assertThat(identifier.versionless())
        .isEqualTo("https://contoso-kv.vault.azure.net/keys/acr-cmk");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://contoso-kv.vault.azure.net/keys/acr-cmk",
        "https://contoso-kv.vault.azure.net/keys/acr-cmk/",
        " https://contoso-kv.vault.azure.net/Keys/acr-cmk "
      })
  void parsesVersionlessIdentifier(String text) {
    KeyIdentifier.ParseResult result = KeyIdentifier.parse(text);

    assertThat(result.isValid()).as(result.problem()).isTrue();
    assertThat(result.identifier().isVersioned()).isFalse();
  }

  @Test
  void lowerCasesHostAndVersion() {
    KeyIdentifier identifier =
        KeyIdentifier.parse(
                "https://Contoso-KV.Vault.Azure.NET/keys/ACR-cmk/" + VERSION.toUpperCase())
            .identifier();

    assertThat(identifier.host()).isEqualTo("contoso-kv.vault.azure.net");
    assertThat(identifier.version()).isEqualTo(VERSION);
    assertThat(identifier.keyName()).isEqualTo("ACR-cmk");
    assertThat(identifier.namesKey("acr-CMK")).isTrue();
  }

  @Test
  void keepsExplicitPortOfSovereignOrLocalVaults() {
    KeyIdentifier identifier =
        KeyIdentifier.parse("https://contoso-kv.vault.127-0-0-1.example:8443/keys/acr-cmk")
            .identifier();

    assertThat(identifier.port()).isEqualTo(8443);
    assertThat(identifier.vaultBaseUri())
        .isEqualTo("https://contoso-kv.vault.127-0-0-1.example:8443");
    assertThat(identifier.isInVault("https://contoso-kv.vault.127-0-0-1.example:8443/")).isTrue();
    assertThat(identifier.isInVault("https://contoso-kv.vault.127-0-0-1.example/")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "https://contoso-kv.vault.azure.net/, true",
    "https://contoso-kv.vault.azure.net, true",
    "https://CONTOSO-KV.vault.azure.net:443, true",
    "https://other-kv.vault.azure.net/, false",
    "https://contoso-kv.vault.azure.cn/, false",
    "http://contoso-kv.vault.azure.net/, false",
    "'not a uri', false",
    "'', false"
  })
  void comparesVaultWithVaultUri(String vaultUri, boolean expected) {
    KeyIdentifier identifier =
        KeyIdentifier.parse("https://contoso-kv.vault.azure.net/keys/acr-cmk").identifier();

    assertThat(identifier.isInVault(vaultUri)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "contoso-kv.vault.azure.net/keys/acr-cmk",
        "http://contoso-kv.vault.azure.net/keys/acr-cmk",
        "https://contoso-kv/keys/acr-cmk",
        "https://kv.vault.azure.net/keys/acr-cmk",
        "https://user@contoso-kv.vault.azure.net/keys/acr-cmk",
        "https://contoso-kv.vault.azure.net/keys/acr-cmk?api-version=7.5",
        "https://contoso-kv.vault.azure.net/keys/acr-cmk#v",
        "https://contoso-kv.vault.azure.net/secrets/acr-cmk",
        "https://contoso-kv.vault.azure.net/keys/",
        "https://contoso-kv.vault.azure.net/keys/acr_cmk",
        "https://contoso-kv.vault.azure.net/keys/acr-cmk/1234",
        "https://contoso-kv.vault.azure.net/keys/acr-cmk/" + VERSION + "/extra",
        "https://contoso kv.vault.azure.net/keys/acr-cmk",
        "https://[::1]/keys/acr-cmk"
      })
  void reportsProblemInsteadOfThrowingForMalformedIdentifier(String text) {
    KeyIdentifier.ParseResult result = KeyIdentifier.parse(text);

    assertThat(result.isValid()).isFalse();
    assertThat(result.identifier()).isNull();
    assertThat(result.problem()).isNotBlank();
  }

  @Test
  void printsIdentifierWithOtherVersion() {
    KeyIdentifier identifier =
        KeyIdentifier.parse("https://contoso-kv.vault.azure.net/keys/acr-cmk").identifier();

    assertThat(identifier.withVersion(VERSION))
        .isEqualTo("https://contoso-kv.vault.azure.net/keys/acr-cmk/" + VERSION);
    assertThat(identifier.toString()).isEqualTo("https://contoso-kv.vault.azure.net/keys/acr-cmk");
  }
}

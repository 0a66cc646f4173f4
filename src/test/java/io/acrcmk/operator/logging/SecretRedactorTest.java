package io.acrcmk.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactorTest {

  private static final String JWT =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJl";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cut-off token response|Unexpected end-of-input:"
            + " {\"token_type\":\"Bearer\",\"access_token\":\"simulated-1f2e3d4c|Unexpected"
            + " end-of-input: {\"token_type\":\"Bearer\",\"access_token\":\"***",
        "escaped in a JSON log"
            + " line|\"message\":\"{\\\"access_token\\\":\\\"simulated-abc\\\",\\\"expires_in\\\":3599}\""
            + "|\"message\":\"{\\\"access_token\\\":\\\"***\\\",\\\"expires_in\\\":3599}\"",
        "JWK modulus and private"
            + " exponent|{\"kty\":\"RSA\",\"n\":\"sXch5vbLx2\",\"e\":\"AQAB\",\"d\":\"kPt8u1\"}"
            + "|{\"kty\":\"RSA\",\"n\":\"***\",\"e\":\"AQAB\",\"d\":\"***\"}",
        "form-encoded client"
            + " secret|grant_type=client_credentials&client_secret=s3cr3t~value&scope=x"
            + "|grant_type=client_credentials&client_secret=***&scope=x",
        "client assertion parameter|client_assertion=abc.def.ghi&client_id=1"
            + "|client_assertion=***&client_id=1",
        "authorization header|Authorization: Bearer abc.def-ghi_jkl|Authorization: Bearer ***",
      })
  void masksSecret(String name, String line, String expected) {
    assertThat(SecretRedactor.redact(line)).isEqualTo(expected);
  }

  @Test
  void masksJsonWebToken() {
    assertThat(SecretRedactor.redact("token " + JWT + " rejected")).isEqualTo("token *** rejected");
  }

  @Test
  void masksCutOffJsonWebToken() {
    String cut = JWT.substring(0, 30);

    assertThat(SecretRedactor.redact("body: " + cut)).isEqualTo("body: ***");
  }

  @Test
  void leavesOrdinaryLinesAlone() {
    String line =
        "2026-12-04T10:00:00.000Z WARN  [ns/prod] HealStep - could not read vault"
            + " /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv:"
            + " HTTP 503 (request ID 5c1f0e1e-8f3b-4b7e-9d1a-2f7c1e0b9a11), key version"
            + " 0123456789abcdef0123456789abcdef, \"name\":\"kv\", \"nbf\":1700000000";

    assertThat(SecretRedactor.redact(line)).isSameAs(line);
  }
}

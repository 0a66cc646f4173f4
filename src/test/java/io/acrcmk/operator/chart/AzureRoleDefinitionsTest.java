package io.acrcmk.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks the custom Azure roles in deploy/azure against what the operator may do. */
class AzureRoleDefinitionsTest {

  private static final String READER = "deploy/azure/acr-cmk-operator-reader.json";
  private static final String HEALER = "deploy/azure/acr-cmk-operator-healer.json";

  @Test
  void readerOnlyReads() {
    JsonNode role = AzureRoles.read(READER);

    role.path("Actions").forEach(action -> assertThat(action.asText()).endsWith("/read"));
    role.path("DataActions").forEach(action -> assertThat(action.asText()).endsWith("/read"));
  }

  @Test
  void healerAddsOnlyTheHealWrites() {
    Set<String> reader = AzureRoles.permissions(READER);
    Set<String> healer = AzureRoles.permissions(HEALER);

    assertThat(healer).containsAll(reader);
    assertThat(healer.stream().filter(p -> !reader.contains(p)))
        .containsExactlyInAnyOrder(
            "Microsoft.ContainerRegistry/registries/write",
            "Microsoft.ContainerRegistry/registries/operationStatuses/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            "Microsoft.KeyVault/vaults/write",
            "Microsoft.KeyVault/vaults/deletedKeys/recover/action");
  }

  @Test
  void neitherRoleDeletesPurgesOrUsesWildcards() {
    for (String file : List.of(READER, HEALER)) {
      assertThat(AzureRoles.permissions(file))
          .as(file)
          .allSatisfy(
              permission -> {
                assertThat(permission).doesNotContain("*", "purge", "secrets");
                assertThat(permission).doesNotEndWith("/delete");
              });
    }
  }

  @Test
  void rolesAreCustomRoleDefinitionsWithAScope() {
    for (String file : List.of(READER, HEALER)) {
      JsonNode role = AzureRoles.read(file);
      assertThat(role.path("Name").asText()).as(file).startsWith("ACR CMK Operator ");
      assertThat(role.path("IsCustom").asBoolean()).as(file).isTrue();
      assertThat(role.path("Description").asText()).as(file).isNotBlank();
      assertThat(role.path("NotActions")).as(file).isEmpty();
      assertThat(role.path("NotDataActions")).as(file).isEmpty();
      assertThat(role.path("AssignableScopes").get(0).asText()).startsWith("/subscriptions/");
    }
  }
}

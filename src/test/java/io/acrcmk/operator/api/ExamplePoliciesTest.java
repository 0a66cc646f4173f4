package io.acrcmk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the policies in deploy/examples against the generated CRD and the Java model. */
class ExamplePoliciesTest {

  private static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forGeneratedCrd();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(TestPaths.repoRoot().resolve("deploy/examples"))) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleValidatesClean(Path example) throws IOException {
    assertThat(VALIDATOR.validate(Files.readString(example))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleNamedAfterItsRegistry(Path example) throws IOException {
    RegistryEncryptionPolicy policy = read(example);

    assertThat(policy.getMetadata().getNamespace()).isEqualTo("platform");
    assertThat(policy.getSpec().getRegistry().getResourceId())
        .endsWith("/registries/" + policy.getMetadata().getName());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleDurationsParse(Path example) throws IOException {
    RegistryEncryptionPolicySpec spec = read(example).getSpec();

    assertThat(GoDuration.parse(spec.getCheckInterval())).isPositive();
    assertThat(GoDuration.parse(spec.getKeyExpiryWarning()))
        .isGreaterThanOrEqualTo(GoDuration.parse(spec.getCheckInterval()));
  }

  @Test
  void examplesShowEachSetup() throws IOException {
    List<RegistryEncryptionPolicySpec> specs =
        examples()
            .map(ExamplePoliciesTest::readUnchecked)
            .map(RegistryEncryptionPolicy::getSpec)
            .toList();

    assertThat(specs)
        .anyMatch(spec -> spec.getIdentity().getType() == IdentityType.UserAssigned)
        .anyMatch(spec -> spec.getIdentity().getType() == IdentityType.SystemAssigned)
        .anyMatch(spec -> spec.getKey().pinsVersion())
        .anyMatch(
            spec ->
                spec.getHealing().getMode() == HealingMode.DryRun
                    && !spec.getHealing().getActions().isEmpty());
  }

  @Test
  void pinnedExampleUsesTheRbacVault() throws IOException {
    RegistryEncryptionPolicySpec spec =
        read(TestPaths.repoRoot().resolve("deploy/examples/pinned-key-version.yaml")).getSpec();

    assertThat(spec.getKey().getVersion()).isEqualTo("3f2a5c7e9b1d4f6a8c0e2b4d6f8a0c1e");
    assertThat(spec.getKeyVault().getResourceId()).endsWith("/vaults/contoso-rbac-kv");
    assertThat(GoDuration.parse(spec.getCheckInterval())).isEqualTo(Duration.ofMinutes(15));
  }

  private static RegistryEncryptionPolicy read(Path example) throws IOException {
    return Serialization.unmarshal(Files.readString(example), RegistryEncryptionPolicy.class);
  }

  private static RegistryEncryptionPolicy readUnchecked(Path example) {
    try {
      return read(example);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

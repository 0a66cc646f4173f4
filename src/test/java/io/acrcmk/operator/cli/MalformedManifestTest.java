package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.CrdSchemaValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the policy loader manifests that are not policies at all, and checks that each error names
 * the file and line and reads as a sentence, with no parser internals and no raw control
 * characters.
 */
class MalformedManifestTest {

  private static CrdSchemaValidator validator;

  @TempDir Path folder;

  @BeforeAll
  static void loadSchema() {
    validator = CrdSchemaValidator.forGeneratedCrd();
  }

  @Test
  void controlCharactersInNameAreEscaped() throws IOException {
    Path file =
        write(
            "name.yaml",
            "apiVersion: acrcmk.io/v1alpha1\n"
                + "kind: RegistryEncryptionPolicy\n"
                + "metadata:\n"
                + "  name: \"a\\u001b[2Jb\\u202e\"\n"
                + "spec: {}\n");

    List<String> errors = load(file);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .isEqualTo(
            file
                + ":1: metadata.name: Invalid value: \"a\\x1b[2Jb\\u202e\": must be lower-case"
                + " letters, digits, '-' and '.', starting and ending with a letter or digit");
  }

  @Test
  void controlCharactersInNamespaceAreEscaped() throws IOException {
    Path file =
        write(
            "namespace.yaml",
            "apiVersion: acrcmk.io/v1alpha1\n"
                + "kind: RegistryEncryptionPolicy\n"
                + "metadata:\n"
                + "  name: ok\n"
                + "  namespace: \"ns\\u0007\"\n"
                + "spec: {}\n");

    List<String> errors = load(file);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("metadata.namespace: Invalid value: \"ns\\a\"");
  }

  @Test
  void binaryFileNamesTheLine() throws IOException {
    byte[] junk = {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xff, (byte) 0xfe, 0, '\n'};
    Path file = Files.write(folder.resolve("junk.yaml"), junk);

    List<String> errors = load(file);

    assertThat(errors)
        .containsExactly(
            file + ":2: not UTF-8 text (byte 9); a manifest is YAML or JSON saved as UTF-8");
  }

  @Test
  void binaryStandardInputNamesTheLine() {
    byte[] junk = {(byte) 0xc3, (byte) 0x28, '\n'};

    List<String> errors =
        new PolicyLoader(validator, new ByteArrayInputStream(junk))
            .load(List.of(PolicyLoader.STDIN))
            .errors();

    assertThat(errors)
        .containsExactly(
            "<stdin>:1: not UTF-8 text (byte 1); a manifest is YAML or JSON saved as UTF-8");
  }

  @Test
  void utf8PolicyStillLoads() throws IOException {
    Path file =
        write(
            "utf8.yaml",
            "# Policy of the caf\u00e9 team \u2014 \ud83d\ude80\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

    assertThat(load(file)).isEmpty();
  }

  @Test
  void truncatedJsonNamesWhereTheObjectOpened() throws IOException {
    Path file =
        write("cut.json", "{\"apiVersion\": \"acrcmk.io/v1alpha1\",\n \"kind\": \"Registry");

    List<String> errors = load(file);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith(file + ":2:");
    assertThat(errors.get(0)).contains("not valid JSON");
    assertThat(errors.get(0)).doesNotContain("REDACTED", "StreamReadFeature");
  }

  @Test
  void unclosedJsonObjectNamesItsStart() throws IOException {
    Path file = write("open.json", "\n\n  {\"kind\": \"x\"\n");

    List<String> errors = load(file);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .isEqualTo(
            file
                + ":4:1: not valid JSON: Unexpected end-of-input: expected close marker for"
                + " Object (opened at line 3, column 3)");
  }

  @Test
  void deepNestingNamesTheLine() throws IOException {
    Path yaml =
        write("deep.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: " + "[".repeat(1500) + "\n");
    Path json = write("deep.json", "\n{\"data\": " + "[".repeat(1500) + "\n");

    List<String> errors = load(yaml, json);

    assertThat(errors).hasSize(2);
    assertThat(errors.get(0))
        .startsWith(yaml + ":3:")
        .contains("not valid YAML: Document nesting depth (1001) exceeds the maximum allowed")
        .doesNotContain("StreamReadConstraints");
    assertThat(errors.get(1)).startsWith(json + ":2:").doesNotContain("StreamReadConstraints");
  }

  @Test
  void jsonListIsNotAnObject() throws IOException {
    Path file = write("list.json", "[{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}]");

    assertThat(load(file)).containsExactly(file + ":1: expected a Kubernetes object, got an array");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(folder.resolve(name), text);
  }

  private List<String> load(Path... files) {
    return new PolicyLoader(validator, InputStream.nullInputStream())
        .load(Arrays.stream(files).map(Path::toString).toList())
        .errors();
  }
}

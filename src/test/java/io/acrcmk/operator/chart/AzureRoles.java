package io.acrcmk.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/** Reads the custom Azure role definitions in deploy/azure. */
public final class AzureRoles {

  private AzureRoles() {}

  /** Returns the role definition at {@code relative} to the repository root, as parsed JSON. */
  public static JsonNode read(String relative) {
    try {
      return new ObjectMapper().readTree(ChartFiles.read(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the role's Actions and DataActions together. */
  public static Set<String> permissions(String relative) {
    JsonNode role = read(relative);
    Set<String> permissions = new TreeSet<>();
    role.path("Actions").forEach(action -> permissions.add(action.asText()));
    role.path("DataActions").forEach(action -> permissions.add(action.asText()));
    return permissions;
  }
}

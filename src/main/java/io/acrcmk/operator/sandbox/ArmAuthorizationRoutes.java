package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.ROLE_ASSIGNMENT;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.ROLE_DEFINITION;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;

/** ARM's {@code Microsoft.Authorization}: role assignments by scope and role definitions. */
final class ArmAuthorizationRoutes {

  private static final String PROVIDER = "/providers/Microsoft\\.Authorization";
  private static final String GUID =
      "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})";

  private final SimulatorState state;

  ArmAuthorizationRoutes(SimulatorState state) {
    this.state = state;
  }

  List<Route> routes() {
    return List.of(
        Route.read(
            Operations.ROLE_ASSIGNMENTS_LIST_FOR_SCOPE,
            "GET",
            "(.*)" + PROVIDER + "/roleAssignments/?",
            this::listForScope),
        Route.read(
            Operations.ROLE_ASSIGNMENTS_GET,
            "GET",
            "(.*)" + PROVIDER + "/roleAssignments/" + GUID,
            this::getAssignment),
        Route.read(
            Operations.ROLE_DEFINITIONS_GET,
            "GET",
            "(.*)" + PROVIDER + "/roleDefinitions/" + GUID,
            this::getDefinition));
  }

  private SimulatorResponse listForScope(SimulatorRequest request, Matcher match) {
    String scope = match.group(1).isEmpty() ? "/" : match.group(1);
    RoleAssignmentQuery query = RoleAssignmentQuery.parse(request.queryParam("$filter"));
    List<ObjectNode> assignments =
        state.list(ROLE_ASSIGNMENT).stream()
            .filter(
                assignment ->
                    query.includes(
                        Json.text(assignment, "properties/principalId"),
                        Json.text(assignment, "properties/scope"),
                        scope))
            .toList();
    return SimulatorResponse.ok(ArmPaths.page(assignments));
  }

  private SimulatorResponse getAssignment(SimulatorRequest request, Matcher match) {
    String id = request.path();
    return SimulatorResponse.ok(
        state
            .get(ROLE_ASSIGNMENT, id)
            .orElseThrow(
                () ->
                    new SimulatorException(
                        404,
                        "RoleAssignmentNotFound",
                        "The role assignment '" + match.group(2) + "' is not found.")));
  }

  /**
   * Returns a role definition under the ID the caller used: ARM serves the same definition at the
   * tenant path and under every subscription or resource scope.
   */
  private SimulatorResponse getDefinition(SimulatorRequest request, Matcher match) {
    ObjectNode definition =
        state
            .get(ROLE_DEFINITION, match.group(2))
            .orElseThrow(
                () ->
                    new SimulatorException(
                        404,
                        "RoleDefinitionDoesNotExist",
                        "The specified role definition with ID '"
                            + match.group(2)
                            + "' does not exist."));
    definition.put("id", request.path());
    return SimulatorResponse.ok(definition);
  }
}

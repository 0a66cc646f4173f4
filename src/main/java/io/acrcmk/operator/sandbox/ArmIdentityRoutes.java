package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.IDENTITY;

import java.util.List;
import java.util.regex.Matcher;

/** ARM operations on {@code Microsoft.ManagedIdentity/userAssignedIdentities}. */
final class ArmIdentityRoutes {

  private static final String ONE =
      ArmPaths.GROUP
          + "/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/"
          + ArmPaths.NAME;

  private final SimulatorState state;

  ArmIdentityRoutes(SimulatorState state) {
    this.state = state;
  }

  List<Route> routes() {
    return List.of(Route.read(Operations.IDENTITIES_GET, "GET", ONE, this::get));
  }

  private SimulatorResponse get(SimulatorRequest request, Matcher match) {
    String id =
        ArmPaths.resourceId(match.group(1), match.group(2), IDENTITY.type(), match.group(3));
    return SimulatorResponse.ok(
        state
            .get(IDENTITY, id)
            .orElseThrow(
                () ->
                    SimulatorException.resourceNotFound(
                        IDENTITY.type(), match.group(3), match.group(2))));
  }
}

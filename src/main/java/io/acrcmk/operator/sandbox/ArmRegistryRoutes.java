package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;

/** ARM operations on {@code Microsoft.ContainerRegistry/registries}. */
final class ArmRegistryRoutes {

  private static final String PROVIDER = "/providers/Microsoft\\.ContainerRegistry/registries";
  private static final String ONE = ArmPaths.GROUP + PROVIDER + "/" + ArmPaths.NAME;

  private final SimulatorState state;

  ArmRegistryRoutes(SimulatorState state) {
    this.state = state;
  }

  List<Route> routes() {
    return List.of(
        Route.read(Operations.REGISTRIES_GET, "GET", ONE, this::get),
        Route.write(Operations.REGISTRIES_UPDATE, "PATCH", ONE, this::update),
        Route.write(Operations.REGISTRIES_CREATE, "PUT", ONE, this::create),
        Route.read(Operations.REGISTRIES_LIST, "GET", ArmPaths.SUBSCRIPTION + PROVIDER, this::list),
        Route.read(Operations.REGISTRIES_LIST, "GET", ArmPaths.GROUP + PROVIDER, this::list));
  }

  private SimulatorResponse get(SimulatorRequest request, Matcher match) {
    return SimulatorResponse.ok(find(match));
  }

  private SimulatorResponse list(SimulatorRequest request, Matcher match) {
    String group = match.groupCount() > 1 ? match.group(2) : null;
    List<ObjectNode> registries =
        state.list(REGISTRY).stream()
            .filter(registry -> ArmPaths.inScope(Json.text(registry, "id"), match.group(1), group))
            .toList();
    return SimulatorResponse.ok(ArmPaths.page(registries));
  }

  /** Merges the body into the registry as a JSON merge patch, then recomputes derived fields. */
  private SimulatorResponse update(SimulatorRequest request, Matcher match) {
    ObjectNode patch = request.jsonBody();
    synchronized (state) {
      ObjectNode previous = find(match);
      ObjectNode registry = previous.deepCopy();
      Json.mergePatch(registry, patch);
      return SimulatorResponse.ok(store(registry, previous, match));
    }
  }

  /** Replaces the registry with the body, keeping only what the service itself owns. */
  private SimulatorResponse create(SimulatorRequest request, Matcher match) {
    ObjectNode registry = request.jsonBody();
    synchronized (state) {
      ObjectNode previous = state.get(REGISTRY, id(match)).orElse(null);
      if (!registry.hasNonNull("location")) {
        registry.put("location", state.endpoints().location());
      }
      return SimulatorResponse.ok(store(registry, previous, match));
    }
  }

  private ObjectNode store(ObjectNode registry, ObjectNode previous, Matcher match) {
    String storedId = previous == null ? id(match) : Json.text(previous, "id");
    RegistryDocuments.complete(registry, storedId, match.group(3), previous);
    RegistryDocuments.resolveIdentity(registry, state, state.endpoints().tenantId());
    RegistryDocuments.resolveEncryption(registry, previous, state);
    return state.put(REGISTRY, registry);
  }

  private ObjectNode find(Matcher match) {
    return state
        .get(REGISTRY, id(match))
        .orElseThrow(
            () ->
                SimulatorException.resourceNotFound(
                    REGISTRY.type(), match.group(3), match.group(2)));
  }

  private static String id(Matcher match) {
    return ArmPaths.resourceId(match.group(1), match.group(2), REGISTRY.type(), match.group(3));
  }
}

package io.acrcmk.operator.sandbox;

/** A frozen copy of the simulator's resources, taken by {@code checkpoint()}. */
public final class StateCheckpoint {

  private final SimulatorState.Documents documents;

  StateCheckpoint(SimulatorState.Documents documents) {
    this.documents = documents;
  }

  SimulatorState.Documents documents() {
    return documents;
  }
}

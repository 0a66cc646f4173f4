package io.acrcmk.operator.reliability;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.sandbox.Fault;
import java.time.Duration;

/**
 * The transient faults of the matrix's columns: what the simulator sends in place of a normal
 * response, and the Unknown reason a condition that depends on the read must then carry.
 */
enum AzureFaultKind {
  THROTTLED("429", Reason.AzureThrottled) {
    @Override
    Fault fault() {
      return Fault.throttled(Duration.ofSeconds(1));
    }
  },
  INTERNAL_ERROR("500", Reason.AzureUnavailable) {
    @Override
    Fault fault() {
      return Fault.internalServerError();
    }
  },
  UNAVAILABLE("503", Reason.AzureUnavailable) {
    @Override
    Fault fault() {
      return Fault.serviceUnavailable(null);
    }
  },
  HANG("hang", Reason.AzureTimeout) {
    @Override
    Fault fault() {
      // Three attempt timeouts: every attempt gives up long before the simulator responds.
      return Fault.delay(AzureFaultHarness.ATTEMPT_TIMEOUT.multipliedBy(3));
    }
  },
  RESET("reset", Reason.AzureUnavailable) {
    @Override
    Fault fault() {
      return Fault.connectionReset();
    }
  },
  TRUNCATED("truncated", Reason.AzureResponseInvalid) {
    @Override
    Fault fault() {
      return Fault.truncatedJson();
    }
  },
  MALFORMED("malformed", Reason.AzureResponseInvalid) {
    @Override
    Fault fault() {
      return Fault.malformedJson();
    }
  };

  final String label;
  final Reason reason;

  AzureFaultKind(String label, Reason reason) {
    this.label = label;
    this.reason = reason;
  }

  /** Returns a new instance of the fault. */
  abstract Fault fault();

  @Override
  public String toString() {
    return label;
  }
}

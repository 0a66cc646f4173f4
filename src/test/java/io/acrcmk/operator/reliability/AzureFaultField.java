package io.acrcmk.operator.reliability;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.sandbox.Fault;

/**
 * A response of one read with one field removed or set to null, and the outcome that is correct for
 * it: a fact, when Azure omits the field to say something, or Unknown, when the response is
 * unusable without it.
 *
 * @param read the read whose response is changed
 * @param path the field path, as {@link Fault.RemoveField} takes it
 * @param remove true to remove the field, false to set it to null
 * @param expected the outcome
 * @param why the reason the outcome is correct
 */
record AzureFaultField(
    AzureFaultRead read, String path, boolean remove, Expected expected, String why) {

  static AzureFaultField without(AzureFaultRead read, String path, Expected expected, String why) {
    return new AzureFaultField(read, path, true, expected, why);
  }

  static AzureFaultField nullAt(AzureFaultRead read, String path, Expected expected, String why) {
    return new AzureFaultField(read, path, false, expected, why);
  }

  Fault fault() {
    return remove ? Fault.removeField(path) : Fault.nullField(path);
  }

  String label() {
    return (remove ? "without " : "null ") + path;
  }

  @Override
  public String toString() {
    return read + " " + label();
  }

  /**
   * The outcome of a reconcile that reads the changed response.
   *
   * @param condition the condition the field decides, or null when every condition stays as it was
   *     without the change
   * @param status that condition's status
   * @param reason that condition's reason
   * @param writes whether the reconcile may write to Azure, because the fact is one a heal action
   *     repairs
   */
  record Expected(String condition, ConditionStatus status, Reason reason, boolean writes) {

    /** Returns the outcome in which every condition stays as it was: absence means the default. */
    static Expected unchanged() {
      return new Expected(null, null, null, false);
    }

    /** Returns the Unknown outcome of a response that cannot be used without the field. */
    static Expected unknown(String condition, Reason reason) {
      return new Expected(condition, ConditionStatus.Unknown, reason, false);
    }

    /** Returns the False outcome of an absence that states a fault no heal action repairs. */
    static Expected fault(String condition, Reason reason) {
      return new Expected(condition, ConditionStatus.False, reason, false);
    }

    /**
     * Returns the outcome of an absence that states a fault a heal action repairs: the reconcile
     * writes to Azure and then finds the condition with {@code status} and {@code reason}.
     */
    static Expected healed(String condition, ConditionStatus status, Reason reason) {
      return new Expected(condition, status, reason, true);
    }

    String label() {
      return condition == null ? "unchanged" : status + "/" + reason;
    }
  }
}

package io.acrcmk.operator.api;

/** Value of a condition's status field, as Kubernetes spells it. */
public enum ConditionStatus {
  True,
  False,
  Unknown
}

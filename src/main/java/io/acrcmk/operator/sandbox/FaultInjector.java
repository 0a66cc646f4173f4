package io.acrcmk.operator.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fault rules in force; the first matching rule with uses left decides a request's fault. */
public final class FaultInjector {

  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

  /** Adds a rule after the existing ones and returns it, so it can be removed or inspected. */
  public FaultRule inject(FaultRule rule) {
    rules.add(rule);
    return rule;
  }

  public void remove(FaultRule rule) {
    rules.remove(rule);
  }

  /** Removes every rule. */
  public void clear() {
    rules.clear();
  }

  /** Returns the rules that still apply. */
  public List<FaultRule> active() {
    return rules.stream().filter(rule -> !rule.exhausted()).toList();
  }

  Optional<Fault> claim(String operation, String method, String path) {
    for (FaultRule rule : rules) {
      if (rule.matches(operation, method, path) && rule.claim()) {
        if (rule.exhausted()) {
          rules.remove(rule);
        }
        return Optional.of(rule.fault());
      }
    }
    return Optional.empty();
  }
}

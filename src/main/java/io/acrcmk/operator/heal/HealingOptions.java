package io.acrcmk.operator.heal;

import io.acrcmk.operator.azure.AzureHealer;
import java.time.Duration;
import java.util.Objects;

/**
 * Process-wide healing settings.
 *
 * @param healer the Azure writes repairs go through, or null for an operator that never heals,
 *     whatever its policies ask
 * @param cooldown how long after an attempt the same action may not run again for the same policy
 * @param listener receives every attempt
 */
public record HealingOptions(AzureHealer healer, Duration cooldown, HealListener listener) {

  /** The cooldown used unless configured otherwise. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);

  public HealingOptions {
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(listener, "listener");
    if (cooldown.isNegative() || cooldown.isZero()) {
      throw new IllegalArgumentException("the heal cooldown must be positive, got " + cooldown);
    }
  }

  /** Returns options that heal through {@code healer} with the default cooldown. */
  public static HealingOptions of(AzureHealer healer) {
    return new HealingOptions(
        Objects.requireNonNull(healer, "healer"), DEFAULT_COOLDOWN, HealListener.NONE);
  }

  /** Returns options for an operator that only observes: it neither plans nor makes repairs. */
  public static HealingOptions observeOnly() {
    return new HealingOptions(null, DEFAULT_COOLDOWN, HealListener.NONE);
  }

  /** Returns a copy with another cooldown. */
  public HealingOptions withCooldown(Duration value) {
    return new HealingOptions(healer, value, listener);
  }

  /** Returns a copy with another listener. */
  public HealingOptions withListener(HealListener value) {
    return new HealingOptions(healer, cooldown, value);
  }

  /** Returns whether this operator may heal at all. */
  public boolean canHeal() {
    return healer != null;
  }
}

package io.acrcmk.operator.check;

import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * What every check reads: the parsed policy, the Azure snapshot and the time of the check.
 *
 * @param target the resources the policy names
 * @param snapshot what Azure returned for them
 * @param now the time the checks treat as current, for expiry and rotation windows
 * @param keyExpiryWarning how long before expiry a key counts as expiring soon
 */
public record CheckInput(
    PolicyTarget target, AzureSnapshot snapshot, Instant now, Duration keyExpiryWarning) {}

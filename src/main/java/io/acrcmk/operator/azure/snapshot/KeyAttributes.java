package io.acrcmk.operator.azure.snapshot;

import java.time.Instant;

/**
 * Attributes shared by a key and each of its versions.
 *
 * @param enabled whether the key version may be used
 * @param notBefore the time before which it may not be used, or null
 * @param expires the time after which it may not be used, or null
 * @param created when it was created
 * @param updated when it was last updated
 * @param recoveryLevel the deletion recovery level, such as Recoverable+Purgeable
 */
public record KeyAttributes(
    Boolean enabled,
    Instant notBefore,
    Instant expires,
    Instant created,
    Instant updated,
    String recoveryLevel) {}

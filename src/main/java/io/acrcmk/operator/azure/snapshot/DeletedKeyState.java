package io.acrcmk.operator.azure.snapshot;

import java.time.Instant;

/**
 * A soft-deleted key, read through the Key Vault data plane.
 *
 * @param name the key name
 * @param recoveryId the URI to recover it through
 * @param deletedDate when it was deleted
 * @param scheduledPurgeDate when it will be purged for good
 */
public record DeletedKeyState(
    String name, String recoveryId, Instant deletedDate, Instant scheduledPurgeDate) {}

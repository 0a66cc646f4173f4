package io.acrcmk.operator.azure.snapshot;

import java.time.OffsetDateTime;

/**
 * A soft-deleted key vault from the deleted-vaults list.
 *
 * @param name the vault name
 * @param vaultId {@code properties.vaultId}: the resource ID the vault had
 * @param location the region it was deleted in
 * @param deletionDate when it was deleted
 * @param scheduledPurgeDate when it will be purged for good
 * @param purgeProtectionEnabled whether it had purge protection
 */
public record DeletedVaultState(
    String name,
    String vaultId,
    String location,
    OffsetDateTime deletionDate,
    OffsetDateTime scheduledPurgeDate,
    Boolean purgeProtectionEnabled) {}

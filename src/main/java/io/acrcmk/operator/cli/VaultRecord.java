package io.acrcmk.operator.cli;

/**
 * A key vault as a list read returned it.
 *
 * @param id the ARM resource ID
 * @param vaultUri {@code properties.vaultUri}, such as https://contoso-kv.vault.azure.net/
 */
record VaultRecord(String id, String vaultUri) {}

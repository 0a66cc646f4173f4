/**
 * An in-process Azure simulator that the real Azure SDK talks to over HTTPS on 127.0.0.1.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (AzureSimulator azure = AzureSimulator.start()) {
 *   CmkSetup setup = azure.seedHealthy();            // or HealthySetup.builder()...seed(azure)
 *   AzureConnection connection = azure.connection(); // cloud, credential and HTTP client
 *   StateCheckpoint healthy = azure.checkpoint();
 *
 *   azure.mutations().setNetworkAcls(setup.vaultId(), "Deny", "None");
 *   azure.faults().inject(FaultRule.forOperation(Operations.VAULTS_GET,
 *       Fault.throttled(Duration.ofSeconds(5))).times(1));
 *   // ... run the code under test with connection ...
 *   azure.restore(healthy);
 *   azure.faults().clear();
 * }
 * }</pre>
 *
 * <p>ARM and the token endpoint live on {@code https://127.0.0.1:PORT/}, each vault's data plane on
 * {@code https://NAME.vault.localhost:PORT/}. The client from {@link
 * io.acrcmk.operator.sandbox.AzureSimulator#connection()} resolves {@code *.localhost} to 127.0.0.1
 * itself and refuses every other name. Two SDK habits matter to callers: the role assignment list
 * and role definition GET paste the scope or ID into the URL after a slash, so it must be passed
 * without its leading slash, and the role assignment {@code $filter} is sent as given, so it must
 * be URL-encoded by the caller.
 */
package io.acrcmk.operator.sandbox;

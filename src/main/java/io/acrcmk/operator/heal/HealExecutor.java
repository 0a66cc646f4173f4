package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureWriteResult;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.check.CheckInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes one planned repair through the Azure healer. */
final class HealExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(HealExecutor.class);

  private final AzureHealer healer;

  HealExecutor(AzureHealer healer) {
    this.healer = healer;
  }

  /**
   * Makes the repair. Runtime exceptions become a failed result, so a bug here cannot make JOSDK
   * retry the reconcile and repeat the write.
   */
  AzureWriteResult execute(PlannedAction planned, CheckInput input) {
    PolicyTarget target = input.target();
    try {
      return switch (planned.action()) {
        case ReassignIdentity ->
            healer.reassignIdentity(
                target.registry(),
                target.identityType() == IdentityType.UserAssigned ? target.identity() : null);
        case EnableTrustedServicesBypass -> healer.enableTrustedServicesBypass(target.vault());
        case RotateToLatestKeyVersion ->
            healer.rotateKey(target.registry(), RotateKeyRule.targetKeyIdentifier(input));
        case RecoverDeletedKey ->
            healer.recoverDeletedKey(target.vault(), vaultUri(input), target.keyName());
      };
    } catch (RuntimeException e) {
      LOG.error("Repair {} failed inside the operator", planned.action(), e);
      return new AzureWriteResult(
          AzureWriteResult.Outcome.FAILED,
          planned.action().name(),
          "the operator failed while making the repair, a bug: " + e,
          null,
          0,
          null);
    }
  }

  private static String vaultUri(CheckInput input) {
    VaultState vault = input.snapshot().vault().valueOrNull();
    return vault == null ? null : vault.vaultUri();
  }
}

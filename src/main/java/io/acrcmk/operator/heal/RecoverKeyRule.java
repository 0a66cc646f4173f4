package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import java.util.Optional;

/**
 * RecoverDeletedKey: recovers the soft-deleted key through the Key Vault data plane (az keyvault
 * key recover). It repairs KeySoftDeleted.
 */
final class RecoverKeyRule implements HealRule {

  @Override
  public HealAction action() {
    return HealAction.RecoverDeletedKey;
  }

  @Override
  public boolean repairs(Reason reason) {
    return reason == Reason.KeySoftDeleted;
  }

  @Override
  public Optional<String> obstacle(CheckInput input, CheckResult finding) {
    if (!input.snapshot().deletedKey().isFound()) {
      return Optional.of(
          "the deleted key "
              + input.target().keyName()
              + " could not be read through the vault's data plane");
    }
    VaultState vault = input.snapshot().vault().valueOrNull();
    if (vault == null || vault.vaultUri() == null || vault.vaultUri().isBlank()) {
      return Optional.of(
          "ARM returned no vaultUri for vault "
              + input.target().vault().name()
              + ", so its data plane cannot be reached");
    }
    return Optional.empty();
  }

  @Override
  public String change(CheckInput input) {
    String vault = input.target().vault().name();
    String key = input.target().keyName();
    return "recover soft-deleted key "
        + key
        + " in vault "
        + vault
        + " with all its versions (az keyvault key recover --vault-name "
        + vault
        + " --name "
        + key
        + ")";
  }
}

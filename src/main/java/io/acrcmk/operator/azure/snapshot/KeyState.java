package io.acrcmk.operator.azure.snapshot;

import java.util.List;

/**
 * A key, or one version of it, as the management plane returns it. The management plane needs only
 * ARM read rights and is not subject to the vault firewall.
 *
 * @param name the key name
 * @param version the 32-hex version taken from {@code keyUriWithVersion}
 * @param keyUri the versionless key URI
 * @param keyUriWithVersion the versioned key URI
 * @param keyType {@code kty}: RSA, RSA-HSM, EC, EC-HSM, oct or oct-HSM
 * @param keySize the RSA key size in bits, or null when ARM omits it
 * @param curveName the elliptic curve for EC keys, or null
 * @param keyOps the allowed operations, such as wrapKey and unwrapKey
 * @param attributes the key's attributes
 */
public record KeyState(
    String name,
    String version,
    String keyUri,
    String keyUriWithVersion,
    String keyType,
    Integer keySize,
    String curveName,
    List<String> keyOps,
    KeyAttributes attributes) {}

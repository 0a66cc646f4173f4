package io.acrcmk.operator.sandbox;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real public-key material for simulated keys. Generating RSA keys is slow, so one key pair per
 * size (and one P-256 pair) is made on first use and shared by every simulated key of that size.
 */
final class KeyMaterial {

  /** The modulus and exponent of an RSA key, base64url without padding as JWK writes them. */
  record Rsa(String n, String e) {}

  /** The coordinates of an EC key, base64url without padding. */
  record Ec(String curve, String x, String y) {}

  private static final Map<Integer, Rsa> RSA_BY_SIZE = new ConcurrentHashMap<>();
  private static volatile Ec p256;

  private KeyMaterial() {}

  /** Returns a real RSA public key of {@code bits} bits (2048, 3072 or 4096 in Key Vault). */
  static Rsa rsa(int bits) {
    if (bits < 512 || bits > 8192) {
      throw new IllegalArgumentException("RSA key size must be 512 to 8192 bits, got " + bits);
    }
    return RSA_BY_SIZE.computeIfAbsent(bits, KeyMaterial::generateRsa);
  }

  /** Returns a real P-256 public key. */
  static Ec p256() {
    Ec key = p256;
    if (key == null) {
      synchronized (KeyMaterial.class) {
        if (p256 == null) {
          p256 = generateP256();
        }
        key = p256;
      }
    }
    return key;
  }

  /** Returns the size in bits of a base64url RSA modulus, or 0 when it cannot be decoded. */
  static int rsaBits(String modulus) {
    if (modulus == null || modulus.isEmpty()) {
      return 0;
    }
    try {
      return new BigInteger(1, Base64.getUrlDecoder().decode(modulus)).bitLength();
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static Rsa generateRsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
      return new Rsa(base64Url(key.getModulus(), 0), base64Url(key.getPublicExponent(), 0));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key of " + bits + " bits", e);
    }
  }

  private static Ec generateP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
      return new Ec(
          "P-256", base64Url(key.getW().getAffineX(), 32), base64Url(key.getW().getAffineY(), 32));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }

  /** Encodes an unsigned integer, left-padded with zeros to {@code length} bytes when positive. */
  private static String base64Url(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

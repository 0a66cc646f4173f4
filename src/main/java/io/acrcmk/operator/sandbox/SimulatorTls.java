package io.acrcmk.operator.sandbox;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's TLS identity: a fresh self-signed RSA-2048 certificate for 127.0.0.1, localhost
 * and *.vault.localhost, made at start and trusted only by the clients the simulator builds.
 */
public final class SimulatorTls {

  private static final char[] STORE_PASSWORD = "simulator".toCharArray();
  private static final Duration VALIDITY = Duration.ofDays(2);

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private SimulatorTls(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** Generates a new key pair and a self-signed certificate valid from one hour ago. */
  public static SimulatorTls generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      KeyPair keyPair = generator.generateKeyPair();
      return new SimulatorTls(keyPair, selfSign(keyPair));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create the simulator certificate", e);
    }
  }

  private static X509Certificate selfSign(KeyPair keyPair)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=acr-cmk-operator Azure simulator");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            keyPair.getPublic());
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.dNSName, "*.vault.localhost")
            });
    builder.addExtension(Extension.subjectAlternativeName, false, names);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  /** Returns the certificate a client must trust to talk to the simulator. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Builds the server-side TLS context that presents the certificate. */
  public SSLContext serverContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "simulator", keyPair.getPrivate(), STORE_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the simulator TLS context", e);
    }
  }

  /**
   * Builds a client-side TLS context that trusts this certificate and nothing else, for clients
   * other than the Netty one the simulator builds (for example the JDK HTTP client).
   */
  public SSLContext clientContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers().getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the client TLS context", e);
    }
  }

  /** Returns trust managers whose only trust anchor is the simulator's certificate. */
  public TrustManagerFactory trustManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("simulator", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the simulator trust store", e);
    }
  }
}

package io.acrcmk.operator.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of one simulator instance. Immutable: each setter returns a changed copy, so {@code
 * SimulatorOptions.defaults().latency(Duration.ofMillis(20))} reads as a sentence.
 */
public final class SimulatorOptions {

  /**
   * A token bucket of ARM's throttling model.
   *
   * @param capacity the most tokens the bucket holds, and the tokens it starts with
   * @param refillPerSecond tokens added per second
   */
  public record Bucket(int capacity, double refillPerSecond) {
    public Bucket {
      if (capacity < 1 || !(refillPerSecond > 0)) {
        throw new IllegalArgumentException(
            "bucket capacity must be at least 1 and refill positive, got "
                + capacity
                + " and "
                + refillPerSecond);
      }
    }
  }

  private String tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private String clientId = "8d2bb6c1-5a5e-4e53-9f53-0b5e0c4f6a11";
  private String location = "westus";
  private Duration latency = Duration.ZERO;
  private Duration readTimeout = Duration.ofSeconds(30);
  private Bucket armReads = new Bucket(250, 25);
  private Bucket armWrites = new Bucket(200, 10);
  private boolean enforceRateLimits = true;
  private boolean enforceVaultFirewall = true;
  private boolean asyncRegistryUpdates;
  private int requestLogCapacity = 10_000;

  private SimulatorOptions() {}

  /**
   * Returns the defaults. The ARM buckets follow Azure's documented limits (reads 250 with 25 per
   * second, writes 200 with 10 per second) and are enforced. There is no added latency, the client
   * read timeout is 30 seconds, and a vault firewall that denies also rejects the simulator's
   * clients.
   */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions();
  }

  private SimulatorOptions copy() {
    SimulatorOptions copy = new SimulatorOptions();
    copy.tenantId = tenantId;
    copy.clientId = clientId;
    copy.location = location;
    copy.latency = latency;
    copy.readTimeout = readTimeout;
    copy.armReads = armReads;
    copy.armWrites = armWrites;
    copy.enforceRateLimits = enforceRateLimits;
    copy.enforceVaultFirewall = enforceVaultFirewall;
    copy.asyncRegistryUpdates = asyncRegistryUpdates;
    copy.requestLogCapacity = requestLogCapacity;
    return copy;
  }

  /** Sets the Microsoft Entra tenant the token endpoint and the resources belong to. */
  public SimulatorOptions tenantId(String value) {
    SimulatorOptions copy = copy();
    copy.tenantId = UUID.fromString(value).toString();
    return copy;
  }

  /** Sets the client ID of the workload identity the simulator's credential signs in as. */
  public SimulatorOptions clientId(String value) {
    SimulatorOptions copy = copy();
    copy.clientId = UUID.fromString(value).toString();
    return copy;
  }

  /** Sets the Azure region seeded resources report, such as {@code westus}. */
  public SimulatorOptions location(String value) {
    SimulatorOptions copy = copy();
    copy.location = Objects.requireNonNull(value, "location");
    return copy;
  }

  /** Adds this delay before every response, to make benchmarks closer to a remote service. */
  public SimulatorOptions latency(Duration value) {
    SimulatorOptions copy = copy();
    copy.latency = requireNotNegative("latency", value);
    return copy;
  }

  /** Sets the response timeout of the HTTP client that {@code connection()} returns. */
  public SimulatorOptions readTimeout(Duration value) {
    SimulatorOptions copy = copy();
    copy.readTimeout = requireNotNegative("readTimeout", value);
    return copy;
  }

  /** Sets ARM's read bucket. */
  public SimulatorOptions armReads(int capacity, double refillPerSecond) {
    SimulatorOptions copy = copy();
    copy.armReads = new Bucket(capacity, refillPerSecond);
    return copy;
  }

  /** Sets ARM's write bucket. */
  public SimulatorOptions armWrites(int capacity, double refillPerSecond) {
    SimulatorOptions copy = copy();
    copy.armWrites = new Bucket(capacity, refillPerSecond);
    return copy;
  }

  /**
   * Sets whether an empty bucket returns 429. When false the remaining-quota headers still count
   * down to 0 but every request is served.
   */
  public SimulatorOptions enforceRateLimits(boolean value) {
    SimulatorOptions copy = copy();
    copy.enforceRateLimits = value;
    return copy;
  }

  /**
   * Sets whether the Key Vault data plane applies a vault's {@code networkAcls} and {@code
   * publicNetworkAccess} to callers, returning 403 {@code ForbiddenByFirewall} as Key Vault does
   * when 127.0.0.1 is not allowed.
   */
  public SimulatorOptions enforceVaultFirewall(boolean value) {
    SimulatorOptions copy = copy();
    copy.enforceVaultFirewall = value;
    return copy;
  }

  /**
   * Sets whether a registry PATCH starts a long-running operation, as in ARM: it returns 201 with
   * the registry as it was, in provisioning state Updating, and an {@code Azure-AsyncOperation}
   * header whose status reads Succeeded. When false, the default, the PATCH returns 200 with the
   * updated registry, which ARM's API also allows.
   */
  public SimulatorOptions asyncRegistryUpdates(boolean value) {
    SimulatorOptions copy = copy();
    copy.asyncRegistryUpdates = value;
    return copy;
  }

  /** Sets how many recent requests the request log keeps; the default is 10,000. */
  public SimulatorOptions requestLogCapacity(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("requestLogCapacity must be at least 1, got " + value);
    }
    SimulatorOptions copy = copy();
    copy.requestLogCapacity = value;
    return copy;
  }

  public String tenantId() {
    return tenantId;
  }

  public String clientId() {
    return clientId;
  }

  public String location() {
    return location;
  }

  public Duration latency() {
    return latency;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Bucket armReads() {
    return armReads;
  }

  public Bucket armWrites() {
    return armWrites;
  }

  public boolean enforceRateLimits() {
    return enforceRateLimits;
  }

  public boolean enforceVaultFirewall() {
    return enforceVaultFirewall;
  }

  public boolean asyncRegistryUpdates() {
    return asyncRegistryUpdates;
  }

  public int requestLogCapacity() {
    return requestLogCapacity;
  }

  private static Duration requireNotNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }
}

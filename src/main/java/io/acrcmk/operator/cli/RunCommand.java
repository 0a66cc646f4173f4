package io.acrcmk.operator.cli;

import io.acrcmk.operator.api.GoQuote;
import io.acrcmk.operator.azure.AzureCloud;
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.controller.LeaderElectionSettings;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.heal.HealingOptions;
import io.acrcmk.operator.metrics.MetricsServer;
import io.acrcmk.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the operator against the cluster of the current kubeconfig or service account. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator: watch RegistryEncryptionPolicy resources and check them.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin AzureOptions azure = new AzureOptions();

  @Option(
      names = "--namespaces",
      defaultValue = "${env:WATCH_NAMESPACES}",
      split = ",",
      description =
          "Namespaces to watch, comma-separated; all namespaces when empty (env"
              + " WATCH_NAMESPACES).")
  String[] namespaces;

  @Option(
      names = "--label-selector",
      defaultValue = "${env:WATCH_LABEL_SELECTOR}",
      description =
          "Watch only policies matching this label selector, for running several"
              + " operator deployments over one cluster (env WATCH_LABEL_SELECTOR).")
  String labelSelector;

  @Option(
      names = "--concurrency",
      defaultValue = "${env:RECONCILE_CONCURRENCY:-16}",
      description =
          "How many policies are checked at once (default: ${DEFAULT-VALUE}, env"
              + " RECONCILE_CONCURRENCY).")
  int concurrency;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Hold a Lease so that only one replica checks and writes status (default:"
              + " ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--leader-election-namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description = "Namespace of the leader-election Lease (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--leader-election-lease",
      defaultValue = "${env:LEASE_NAME:-" + LeaderElectionSettings.DEFAULT_LEASE_NAME + "}",
      description =
          "Name of the leader-election Lease. Shards in one namespace need different names (env"
              + " LEASE_NAME, default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--leader-election-id",
      defaultValue = "${env:POD_NAME}",
      description =
          "This replica's identity in the Lease; the host name when empty (env" + " POD_NAME).")
  String leaseIdentity;

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** A Kubernetes object name that is a DNS subdomain, as a Lease name must be. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final int MAX_LEASE_NAME_LENGTH = 253;

  /**
   * The start of java-operator-sdk's message when the service account lacks rights on the Lease.
   */
  static final String LEASE_RIGHTS_MISSING = "No permission to lease resource";

  /** The shortest heal cooldown accepted, so that a typo cannot make every check write. */
  static final Duration MIN_HEAL_COOLDOWN = Duration.ofMinutes(1);

  @Option(
      names = "--heal-cooldown",
      defaultValue = "${env:HEAL_COOLDOWN:-10m}",
      converter = DurationConverter.class,
      description =
          "How long after a repair attempt the same repair may not run again for the same"
              + " policy, whatever its outcome; at least 1m (env HEAL_COOLDOWN, default:"
              + " ${DEFAULT-VALUE}).")
  Duration healCooldown;

  @Spec CommandSpec spec;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:METRICS_PORT:-8080}",
      description =
          "Port of the HTTP server for /metrics, /healthz and /readyz, on every interface; 0"
              + " turns it off (default: ${DEFAULT-VALUE}, env METRICS_PORT).")
  int metricsPort;

  @Override
  public Integer call() throws Exception {
    if (healCooldown.compareTo(MIN_HEAL_COOLDOWN) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--heal-cooldown must be at least 1m, got " + healCooldown.toSeconds() + "s");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-port must be between 0 and 65535, got " + metricsPort);
    }
    if (concurrency < 1) {
      throw new ParameterException(
          spec.commandLine(), "--concurrency must be at least 1, got " + concurrency);
    }
    Set<String> watched = watchedNamespaces();
    checkNamespaces(watched);
    String badRequirement = LabelSelectorSyntax.invalidRequirement(labelSelector);
    if (badRequirement != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--label-selector '"
              + labelSelector
              + "' is not a valid label selector: '"
              + badRequirement
              + "' is not a requirement such as key, !key, key=value, key!=value,"
              + " key in (a,b) or key notin (a,b)");
    }
    AzureCloud cloud;
    try {
      cloud = azure.cloud();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    checkLease();
    OperatorMetrics metrics = OperatorMetrics.create();
    AzureConnection connection =
        AzureConnection.withDefaultCredential(cloud, azure.requestTimeout)
            .withAdditionalPolicies(List.of(metrics.azureRequestPolicy()));
    OperatorSettings settings =
        new OperatorSettings(watched, labelSelector, concurrency, null, Duration.ofMinutes(10));
    LeaderElectionSettings lease = leaderElection ? leaseSettings() : null;
    LOG.info(
        "Starting: Azure cloud {}, namespaces {}, leader election {}, heal cooldown {}",
        connection.cloud().name(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        lease == null ? "off" : lease.leaseNamespace() + "/" + lease.leaseName(),
        healCooldown);

    KubernetesClient client = new KubernetesClientBuilder().build();
    // ARM reads of all policies share one budget per subscription, sized to ARM's documented
    // read limits, so a large fleet queues its reads instead of throttling the subscription.
    SubscriptionBudgets readBudgets = SubscriptionBudgets.armReadLimits();
    metrics.exportReadBudgets(readBudgets);
    AzureSnapshotLoader loader = snapshotLoader(connection, readBudgets);
    // The healer invalidates what it writes in the loader's cache, so the check after a repair
    // and other policies on the same vault read the repaired state.
    HealingOptions healing =
        new HealingOptions(
            AzureHealer.sharing(loader), healCooldown, metrics.healMetrics()::record);
    PolicyOperator operator =
        PolicyOperator.create(client, loader, healing, settings, lease, Clock.systemUTC(), metrics);
    // Serve the probes before starting, because start() waits for the informers. Until then
    // /readyz returns 503, and /healthz tells the kubelet that the process is alive.
    MetricsServer server =
        metricsPort == 0
            ? null
            : MetricsServer.start(
                new InetSocketAddress(metricsPort), metrics, operator::notReadyReason);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  if (server != null) {
                    server.close();
                  }
                  client.close();
                  metrics.close();
                  stopped.countDown();
                },
                "shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      LOG.error("Could not start: {}", startFailure(e, client.getMasterUrl().toString(), lease));
      return 1;
    }
    stopped.await();
    return 0;
  }

  /**
   * Returns the loader that every policy is read through. ARM reads of all policies share {@code
   * readBudgets}, one budget per subscription. Reads of resources that many registries share, such
   * as a vault and its key, go through one cache, kept for {@link SharedReadCache#DEFAULT_TTL} and
   * taken by each check while younger than its interval.
   */
  static AzureSnapshotLoader snapshotLoader(
      AzureConnection connection, SubscriptionBudgets readBudgets) {
    return new AzureSnapshotLoader(
        connection,
        AzureRetryOptions.DEFAULT,
        Clock.systemUTC(),
        readBudgets,
        new SharedReadCache(SharedReadCache.DEFAULT_TTL));
  }

  /**
   * Returns why the operator could not start, from the error {@code start()} threw.
   * java-operator-sdk 5.2 checks the rights on the Lease as it starts and reports missing ones in
   * an OperatorException whose message starts with {@value #LEASE_RIGHTS_MISSING}.
   */
  static String startFailure(Throwable error, String apiUrl, LeaderElectionSettings lease) {
    String cause = rootCause(error);
    if (lease != null && cause.contains(LEASE_RIGHTS_MISSING)) {
      return "the operator may not read or renew its Lease "
          + lease.leaseNamespace()
          + "/"
          + lease.leaseName()
          + " ("
          + cause
          + "). Check that the leader-election Role grants get, update and patch on this Lease"
          + " name; the chart names it from operator.leaderElection.leaseName";
    }
    return "the policies could not be listed from the Kubernetes API at "
        + apiUrl
        + " ("
        + cause
        + "). Check KUBECONFIG or the pod's service account, its RBAC, and that the CRD is"
        + " installed";
  }

  private static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private Set<String> watchedNamespaces() {
    if (namespaces == null) {
      return Set.of();
    }
    Set<String> watched = new LinkedHashSet<>();
    Arrays.stream(namespaces).map(String::trim).filter(n -> !n.isEmpty()).forEach(watched::add);
    return watched;
  }

  /**
   * Rejects a namespace list that names an invalid namespace, or that is not empty but names none,
   * such as ",,", which would otherwise watch every namespace.
   */
  private void checkNamespaces(Set<String> watched) {
    boolean empty = namespaces == null || (namespaces.length == 1 && namespaces[0].isBlank());
    if (watched.isEmpty() && !empty) {
      throw new ParameterException(
          spec.commandLine(),
          "--namespaces names no namespace, only commas or spaces; list namespaces such as a,b,"
              + " or leave it empty to watch all");
    }
    for (String namespace : watched) {
      if (!isNamespaceName(namespace)) {
        throw new ParameterException(
            spec.commandLine(),
            "--namespaces: '"
                + namespace
                + "' is not a valid namespace name: use lower-case letters, digits and '-', at"
                + " most 63 characters");
      }
    }
  }

  private static boolean isNamespaceName(String name) {
    return name.length() <= 63 && NAMESPACE.matcher(name).matches();
  }

  /** Checks the Lease name, and the Lease namespace when leader election is on. */
  private void checkLease() {
    String leaseName = leaseName();
    if (leaseName.length() > MAX_LEASE_NAME_LENGTH || !DNS_SUBDOMAIN.matcher(leaseName).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--leader-election-lease (LEASE_NAME): "
              + GoQuote.quote(leaseName)
              + " is not a valid Lease name: use lower-case letters, digits, '-' and '.', at"
              + " most 253 characters, starting and ending with a letter or digit");
    }
    if (!leaderElection) {
      return;
    }
    if (leaseNamespace == null || leaseNamespace.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "leader election needs the namespace of its Lease: set POD_NAMESPACE or"
              + " --leader-election-namespace, or turn it off with --no-leader-election");
    }
    if (!isNamespaceName(leaseNamespace)) {
      throw new ParameterException(
          spec.commandLine(),
          "--leader-election-namespace (POD_NAMESPACE): "
              + GoQuote.quote(leaseNamespace)
              + " is not a valid namespace name: use lower-case letters, digits and '-', at"
              + " most 63 characters");
    }
  }

  /** Returns the Lease name of the options; an empty one means the default. */
  private String leaseName() {
    return leaseName == null || leaseName.isBlank()
        ? LeaderElectionSettings.DEFAULT_LEASE_NAME
        : leaseName;
  }

  /** Returns the Lease this replica competes for, named by the options. */
  LeaderElectionSettings leaseSettings() throws UnknownHostException {
    String identity =
        leaseIdentity == null || leaseIdentity.isBlank()
            ? InetAddress.getLocalHost().getHostName()
            : leaseIdentity;
    return new LeaderElectionSettings(leaseName(), leaseNamespace, identity, true);
  }
}

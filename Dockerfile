# Build stage: the same Maven wrapper and pom as local builds. The dependencies are resolved in a
# layer of their own, so a source change does not download them again.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
COPY deploy/examples deploy/examples
COPY crds crds
# The tests need the Azure simulator's loopback networking and run in CI, not in the image build.
RUN ./mvnw -B -ntp -q package -Dmaven.test.skip=true

# Run stage: a JRE only, as a fixed non-root user. The entrypoint is the JVM itself, so the
# operator needs no shell or other tools at run time.
FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="acr-cmk-operator" \
      org.opencontainers.image.description="Kubernetes operator that checks customer-managed-key encryption of Azure Container Registry"
# The Helm chart runs the pod as this user and group (runAsUser and runAsGroup 10001).
RUN groupadd --system --gid 10001 operator \
 && useradd --system --uid 10001 --gid operator --no-create-home --shell /usr/sbin/nologin operator
COPY --from=build /src/target/acr-cmk-operator.jar /opt/acr-cmk-operator/acr-cmk-operator.jar
USER 10001:10001
# /metrics, /healthz and /readyz.
EXPOSE 8080
# The heap follows the container's memory limit and leaves room for Netty's direct buffers and
# the metaspace. An OutOfMemoryError ends the process so that Kubernetes restarts it. Temporary
# files (Netty's native TLS library) go to /tmp, a writable emptyDir under a read-only root
# filesystem. The flags are on the command line rather than in JAVA_TOOL_OPTIONS, which the JVM
# would announce on standard error before the first JSON log line; JAVA_TOOL_OPTIONS stays free
# for extra flags.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/acr-cmk-operator/acr-cmk-operator.jar"]
CMD ["run"]

# Build stage: the same Maven wrapper and pom as local builds.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
COPY deploy deploy
COPY crds crds
RUN ./mvnw -B -ntp -q package -DskipTests

# Run stage: a JRE only, as a fixed non-root user; the operator needs no shell at run time.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 operator \
 && useradd --system --uid 10001 --gid operator --no-create-home operator
COPY --from=build /src/target/acr-cmk-operator.jar /opt/acr-cmk-operator/acr-cmk-operator.jar
USER 10001:10001
# Size the heap from the container's memory limit, and leave room for Netty's direct buffers.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/opt/acr-cmk-operator/acr-cmk-operator.jar"]
CMD ["run"]

# syntax=docker/dockerfile:1

# ---- build: the same Maven build as on a developer machine ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package \
 && test -f target/bp-monitor.jar

# ---- run: a JDK, since the anomaly rule (csimple) is compiled to byte code at load; unprivileged user ----
FROM eclipse-temurin:17-jdk
RUN groupadd --system --gid 10001 bpmonitor \
 && useradd --system --uid 10001 --gid bpmonitor --home-dir /app --shell /usr/sbin/nologin bpmonitor
WORKDIR /app
COPY --from=build /build/target/bp-monitor.jar /app/bp-monitor.jar
COPY routes/ /app/routes/
RUN chown -R bpmonitor:bpmonitor /app
# size the heap from the container's memory limit (mem_limit in docker-compose.yml)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER bpmonitor
# 8080: triage board, 9876: management (health, metrics); bind them with BP_BOARD_HOST / BP_MANAGEMENT_HOST=0.0.0.0
EXPOSE 8080 9876
ENTRYPOINT ["java","-jar","/app/bp-monitor.jar"]

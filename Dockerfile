# syntax=docker/dockerfile:1
# Shotflow's image: one jar, the role chosen by the command (`worker` or `api`; `temporal-server` for the in-memory
# server). Built by docker-compose.yml for shotflow-worker and shotflow-api; see docs/production.md.

# --- build: the Maven Wrapper, as on a developer machine (tests run in CI, not here) ---
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# the launcher and the modules it needs (not system-tests); the cache mount keeps ~/.m2 between builds (BuildKit,
# Docker's default builder)
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl launcher -am package \
 && cp launcher/target/shotflow.jar /shotflow.jar

# --- runtime: the JRE alone, as an unprivileged user ---
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 shotflow \
 && useradd --system --uid 10001 --gid shotflow --home-dir /app --no-create-home shotflow \
 && mkdir -p /app/data \
 && chown -R shotflow:shotflow /app/data
WORKDIR /app
COPY --from=build /shotflow.jar /app/shotflow.jar
COPY deploy/healthcheck.sh /app/healthcheck.sh
# relative paths in the configuration (data/assets, data/api-tokens.yaml, data/temporal-payload-keys, the H2 file)
# resolve under /app/data: mount a volume there
VOLUME ["/app/data"]
USER 10001:10001
# heap as a share of the container's memory limit; no display for the media code
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true"
EXPOSE 8080
# the api role answers GET /health (UP or DOWN, no token needed); the worker role has no HTTP listener and counts as
# healthy while it runs (deploy/healthcheck.sh reads the role from the command)
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 CMD ["bash", "/app/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/app/shotflow.jar"]
CMD ["api"]

# syntax=docker/dockerfile:1
# RasaOrleans server image: one Orleans silo co-hosted with the Rasa Core HTTP API.
#   docker build -t rasa-orleans .
#   docker run -p 5005:5005 rasa-orleans                       (single silo, SQLite in /data)
# Cluster mode (Kubernetes): see k8s/ and the README's Deploy section.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# the PostgreSQL schema scripts are embedded in the server assembly
COPY k8s/sql/ k8s/sql/
RUN dotnet restore src/RasaOrleans.Server/RasaOrleans.Server.csproj -r linux-x64 -p:PublishReadyToRun=true
# ReadyToRun: the assemblies are compiled ahead of time, so a new silo answers sooner (less JIT at start)
RUN dotnet publish src/RasaOrleans.Server -c Release -r linux-x64 --self-contained false --no-restore -p:PublishReadyToRun=true -o /app

# Debian-based runtime: ML.NET's native libraries are glibc builds
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ARG RASA_CORE_MODEL=/app/models/greetbot/model
ENV RASA_CORE_MODEL=${RASA_CORE_MODEL} \
    RasaOrleans__DataDirectory=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /app
COPY --from=build /app ./
# ready-to-serve bots; mount a volume over /app/models (and set RASA_CORE_MODEL) to serve others
COPY models/ /app/models/
# the SQLite store of the single-silo default; unused in cluster mode (PostgreSQL)
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
# the non-root user the aspnet images define (uid 1654)
USER $APP_UID
# HTTP API, silo-to-silo, client gateway
EXPOSE 5005 11111 30000
# exec: the server is PID 1 and gets SIGTERM, so the silo leaves the cluster gracefully.
# Extra arguments (docker run ... / k8s args) are appended to `run`.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet /app/RasaOrleans.Server.dll run -d \"$RASA_CORE_MODEL\" \"$@\"", "rasa-orleans"]

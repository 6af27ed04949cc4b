# syntax=docker/dockerfile:1
# One recipe for the four service images. Build from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=Order -t ordersystem/order:dev .
# SERVICE is the folder under services/: Order, Inventory, Payment, Notification or Identity.
# Base images are pinned to exact patch tags (SDK 10.0.401 ships runtime 10.0.12); bump both together.

# --- project files only: the restore layer below stays cached until a .csproj or .props file changes -----------
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS projects
WORKDIR /src
COPY . .
RUN find . -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' ! -name 'global.json' ! -iname 'nuget.config' -delete \
 && find . -depth -type d -empty -delete

# --- restore, build, publish ------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
ARG SERVICE
RUN case "$SERVICE" in Order|Inventory|Payment|Notification|Identity) ;; \
      *) echo "build arg SERVICE must be Order, Inventory, Payment, Notification or Identity (got '$SERVICE')" >&2; exit 1 ;; esac
WORKDIR /src
COPY --from=projects /src ./
RUN dotnet restore "services/$SERVICE/OrderSystem.$SERVICE/OrderSystem.$SERVICE.csproj" \
 && dotnet restore deploy/docker/health-probe/OrderSystem.HealthProbe.csproj
COPY . .
# InvariantGlobalization=false, stated explicitly: Microsoft.Data.SqlClient refuses to open a connection in
# globalization-invariant mode ("Globalization Invariant Mode is not supported"), and compose runs on SQL Server.
# The Ubuntu runtime image ships ICU; with no LANG set the current culture is still the invariant one.
RUN dotnet publish "services/$SERVICE/OrderSystem.$SERVICE/OrderSystem.$SERVICE.csproj" \
      -c Release --no-restore -o /out/service -p:UseAppHost=false -p:InvariantGlobalization=false \
 && dotnet publish deploy/docker/health-probe/OrderSystem.HealthProbe.csproj \
      -c Release --no-restore -o /out/health-probe -p:UseAppHost=false

# --- runtime ----------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble AS runtime
ARG SERVICE
ENV SERVICE_ASSEMBLY=OrderSystem.${SERVICE}.dll \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1
WORKDIR /app
# Owned by root and not writable by the app user: the process cannot alter its own binaries.
COPY --from=build /out/service/ /app/
COPY --from=build /out/health-probe/ /health-probe/
# Identity's key directory (Identity:KeyDirectory in compose): owned by the app user, private; a named volume mounted
# here starts with this ownership.
RUN install -d -o "$APP_UID" -m 700 /var/lib/ordersystem/keys
EXPOSE 8080
# The .NET images' non-root user `app`, by number (APP_UID=1654) so Kubernetes' runAsNonRoot can verify it.
USER $APP_UID
# The aspnet image has no curl/wget; the compiled probe needs only the runtime. Readiness = database and broker up.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["dotnet", "/health-probe/OrderSystem.HealthProbe.dll", "http://127.0.0.1:8080/health/ready"]
# exec keeps dotnet as PID 1 so `docker stop` (SIGTERM) reaches the host and shuts it down gracefully.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"/app/$SERVICE_ASSEMBLY\" \"$@\"", "--"]

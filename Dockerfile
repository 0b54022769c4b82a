# The function app on the real Azure Functions host (HTTP API + blob trigger).
# Build: docker build -t egrid-functions .   Run: see docker-compose.yml.
FROM mcr.microsoft.com/azure-functions/python:4-python3.11

ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    FUNCTIONS_WORKER_RUNTIME=python \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt && rm /tmp/requirements.txt

# Non-root: the base image runs the host as root. The host writes only under $HOME (/home:
# data protection keys, downloaded extension bundles, logs) and /tmp; it only reads
# /azure-functions-host and /FuncExtensionBundles, so those stay root-owned (a chown -R of
# them would copy hundreds of MB into a new layer). Port 80 needs no capability inside a
# container: Docker sets net.ipv4.ip_unprivileged_port_start=0 in its network namespace.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /home/site/wwwroot /home/data /home/LogFiles \
    && chown app:app /home /home/site /home/site/wwwroot /home/data /home/LogFiles

COPY --chown=app:app . /home/site/wwwroot
WORKDIR /home/site/wwwroot
USER 10001:10001

EXPOSE 80
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:80/api/health', timeout=4)"]

#!/usr/bin/env bash
# Prometheus for the dashboard test (tests/RasaOrleans.Integration.Tests/Telemetry), sourced by .ci/run:
# installs Debian's prometheus package when no `prometheus` binary is on the PATH. The test starts its own
# Prometheus (temporary config and storage, a free 127.0.0.1 port); the packaged service is never started.

# shellcheck source=.ci/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

prometheus_install() {
  if command -v prometheus >/dev/null 2>&1; then
    return 0
  fi
  apt_install prometheus --no-install-recommends prometheus
}

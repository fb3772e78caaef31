#!/usr/bin/env bash
# Prometheus for the dashboard test (tests/RasaOrleans.Integration.Tests/Telemetry), sourced by .ci/run:
# installs Debian's prometheus package when no `prometheus` binary is on the PATH. The test starts its own
# Prometheus (temporary config and storage, a free 127.0.0.1 port); the packaged service is never started.

prometheus_install() {
  if command -v prometheus >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "prometheus: not installed and not root; install the prometheus package" >&2
    return 1
  fi
  echo "prometheus: installing the prometheus package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || return 1
  # policy-rc.d exit 101 keeps the package's own service from being started by the install
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  local installed=0
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null || installed=$?
  if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi
  return "$installed"
}

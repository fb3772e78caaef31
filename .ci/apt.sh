#!/usr/bin/env bash
# Debian packages for CI, sourced by the install scripts (.ci/postgres.sh, .ci/chromium.sh, .ci/prometheus.sh).

# apt_install LABEL [apt-get options] PACKAGE...: installs as root without starting the packages' own services
# (a policy-rc.d that answers 101 while installing); `apt-get update` runs once per shell, not once per package.
apt_install() {
  local label=$1 arg packages=()
  shift
  for arg in "$@"; do [[ $arg == -* ]] || packages+=("$arg"); done
  if [ "$(id -u)" -ne 0 ]; then
    echo "$label: missing and not root; install the Debian package(s): ${packages[*]}" >&2
    return 1
  fi
  echo "$label: installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${CI_APT_UPDATED:-}" ]; then
    apt-get update -qq || return 1
    CI_APT_UPDATED=1
  fi
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  local installed=0
  apt-get install -y -qq "$@" >/dev/null || installed=$?
  if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi
  return "$installed"
}

#!/usr/bin/env bash
# Headless Chromium for the inspector's browser tests, sourced by .ci/run: installs Debian's chromium and
# chromium-driver packages when either binary is missing (idempotent: nothing happens when both are there).
# The tests find them at /usr/bin/chromium and /usr/bin/chromedriver (or CHROMIUM_PATH / CHROMEDRIVER_PATH).

chromium_install() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ -x "${CHROMEDRIVER_PATH:-/usr/bin/chromedriver}" ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium: chromium or chromedriver missing and not root; install the chromium and chromium-driver packages" >&2
    return 1
  fi
  echo "chromium: installing the chromium and chromium-driver packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || return 1
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null || return 1
}

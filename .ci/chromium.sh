#!/usr/bin/env bash
# Headless Chromium for the inspector's browser tests, sourced by .ci/run: installs Debian's chromium and
# chromium-driver packages when either binary is missing (idempotent: nothing happens when both are there).
# The tests find them at /usr/bin/chromium and /usr/bin/chromedriver (or CHROMIUM_PATH / CHROMEDRIVER_PATH).

# shellcheck source=.ci/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

chromium_install() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ -x "${CHROMEDRIVER_PATH:-/usr/bin/chromedriver}" ]; then
    return 0
  fi
  apt_install chromium --no-install-recommends chromium chromium-driver
}

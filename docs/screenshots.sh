#!/usr/bin/env bash
# Retakes the inspector screenshots shown in the README (docs/inspector-*.png): runs the browser test, which saves
# them when RASA_INSPECTOR_SCREENSHOTS names a folder. Needs Chromium and chromedriver (see .ci/chromium.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_INSPECTOR_SCREENSHOTS="$(pwd)/docs" CI=true dotnet test tests/RasaOrleans.Server.Tests -c Release \
  --filter "FullyQualifiedName~InspectorBrowserTests.The_inspector_shows_a_conversation"

#!/usr/bin/env bash
# The one test command: installs the test clients, builds, checks formatting and runs every test.
set -euo pipefail

cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
dotnet build EcurepServer.sln -c Release
dotnet format EcurepServer.sln --verify-no-changes
dotnet test EcurepServer.sln -c Release --no-build

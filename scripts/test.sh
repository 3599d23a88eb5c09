#!/usr/bin/env bash
# The one test command: installs the test clients, builds, checks formatting and runs every test.
set -euo pipefail

cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
dotnet build EcurepServer.sln -c Release
dotnet format EcurepServer.sln --verify-no-changes
dotnet test EcurepServer.sln -c Release --no-build

# EcurepServer.Testing as a test team consumes it: packed into a local package source (a new version each time, so
# no older pack in the package cache is taken), and a test project outside the solution that references only that.
rm -rf artifacts/packages
dotnet pack src/EcurepServer.Testing -c Release -o artifacts/packages -p:Version="0.1.0-local.$(date +%s)"
dotnet test tests/EcurepServer.Testing.PackageTests -c Release

#!/usr/bin/env bash
# sudo for the shared-file test (issue 21: tests/cli/test_shared_file_sudo.py creates OS accounts and a
# sudoers rule, then runs salescockpit through `sudo -u SERVICE`).
#
#   bash .ci/sudo.sh
#
# Does nothing when sudo and visudo are on PATH. Otherwise installs Debian's sudo package (as root:
# apt-get update, then apt-get install -y --no-install-recommends sudo), quietly.
set -euo pipefail

if command -v sudo >/dev/null 2>&1 && command -v visudo >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "sudo.sh: sudo is missing and we are not root: install the Debian package sudo" >&2
    exit 1
fi
echo "sudo.sh: installing the Debian package sudo" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends sudo >&2

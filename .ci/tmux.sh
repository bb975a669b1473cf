#!/usr/bin/env bash
# tmux for the test that drives the real cockpit in a real terminal through a head's first
# morning on the demo (tests/morning/test_tmux_morning.py, issue 19).
#
#   bash .ci/tmux.sh
#
# Does nothing when tmux is on PATH. Otherwise installs the Debian package (as root: apt-get
# update, then apt-get install -y --no-install-recommends tmux), quietly.
set -euo pipefail

if command -v tmux >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "tmux.sh: tmux is missing and we are not root: install the Debian package tmux" >&2
    exit 1
fi
echo "tmux.sh: installing the Debian package tmux" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends tmux >&2

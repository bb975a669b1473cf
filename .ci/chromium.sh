#!/usr/bin/env bash
# Debian's Chromium for the browser test of the wallboard (tests/tui/test_wallboard_browser.py).
#
#   bash .ci/chromium.sh
#
# Does nothing when /usr/bin/chromium is there already. Otherwise installs the Debian package
# (as root: apt-get update, then apt-get install -y --no-install-recommends chromium), quietly.
# Playwright drives this browser; it never downloads one of its own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium.sh: /usr/bin/chromium is missing and we are not root: install the 'chromium' package" >&2
    exit 1
fi
echo "chromium.sh: installing the Debian package chromium" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium >&2
/usr/bin/chromium --version >&2

#!/usr/bin/env bash
# sudo for the shared-file test (issue 21: tests/cli/test_shared_file_sudo.py creates OS accounts and a
# sudoers rule, then runs salescockpit through `sudo -u SERVICE`).
#
#   bash .ci/sudo.sh            # installs sudo when missing
#   bash .ci/sudo.sh program    # prints `export SALESCOCKPIT_SUDO_TEST_PROGRAM=...` when needed
#
# Without an argument: does nothing when sudo and visudo are on PATH; otherwise installs Debian's sudo
# package (as root: apt-get update, then apt-get install -y --no-install-recommends sudo), quietly.
#
# `program`: the test runs .venv/bin/salescockpit as other accounts, which fails when the venv's Python
# lies under a folder closed to them (a pyenv Python in /root, mode 0700). Then this makes a launcher
# they can run: a venv of the system's Python of the same version (/usr/bin/python3.X) in
# .venv/shared-program that reads the project's installed packages from .venv, and prints the export
# line for it. Prints nothing when the venv is reachable as it is, or when that cannot be done (the
# test then says why it is skipped).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "program" ]; then
    [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1 || exit 0
    if runuser -u nobody -- .venv/bin/salescockpit --version >/dev/null 2>&1; then
        exit 0
    fi
    version=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    system="/usr/bin/python$version"
    if [ ! -x "$system" ]; then
        echo "sudo.sh: no $system for a launcher other accounts can run" >&2
        exit 0
    fi
    launcher=.venv/shared-program
    rm -rf "$launcher"
    "$system" -m venv --without-pip "$launcher"
    echo "import site; site.addsitedir('$packages')" >"$launcher/lib/python$version/site-packages/project.pth"
    printf '#!%s\nimport sys\nfrom salescockpit.launch import main\nsys.exit(main())\n' \
        "$PWD/$launcher/bin/python" >"$launcher/bin/salescockpit"
    chmod 755 "$launcher/bin/salescockpit"
    if runuser -u nobody -- "$PWD/$launcher/bin/salescockpit" --version >/dev/null 2>&1; then
        echo "export SALESCOCKPIT_SUDO_TEST_PROGRAM=$PWD/$launcher/bin/salescockpit"
    else
        echo "sudo.sh: the launcher in $launcher does not run for other accounts either" >&2
    fi
    exit 0
fi

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

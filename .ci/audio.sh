#!/usr/bin/env bash
# The audio programs the listening tests use (issue 20): mpv (the player, driven with --ao=null),
# espeak-ng and sox (stereo calls synthesized for the speech-metrics tests).
#
#   bash .ci/audio.sh
#
# Does nothing when all three are on PATH. Otherwise installs the missing Debian packages
# (as root: apt-get update, then apt-get install -y --no-install-recommends ...), quietly.
set -euo pipefail

missing=()
for program in mpv espeak-ng sox; do
    command -v "$program" >/dev/null 2>&1 || missing+=("$program")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "audio.sh: missing ${missing[*]} and we are not root: install the Debian package(s) ${missing[*]}" >&2
    exit 1
fi
echo "audio.sh: installing the Debian package(s) ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

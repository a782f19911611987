#!/usr/bin/env bash
# Install the Debian packages the tests use, only when they are missing.
# espeak-ng, sox, ffmpeg: regenerating sample calls and test audio; chromium: browser tests.
set -euo pipefail
needed=()
command -v espeak-ng >/dev/null || needed+=(espeak-ng)
command -v sox >/dev/null || needed+=(sox)
command -v ffmpeg >/dev/null || needed+=(ffmpeg)
command -v chromium >/dev/null || needed+=(chromium chromium-driver)
[ ${#needed[@]} -eq 0 ] && exit 0
echo "installing system packages: ${needed[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
elif command -v sudo >/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
else
  echo "missing system packages (${needed[*]}): install them with apt-get as root" >&2
  exit 1
fi

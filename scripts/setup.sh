#!/usr/bin/env bash
# Installs what `npm start`, `npm test` and `npm run bench` need on a Debian machine (none of it is assumed to be
# there), then the npm dependencies:
#  - chromium: the browser tests' WebGPU, and the SwiftShader Vulkan driver that Dawn uses in Node
#    (/usr/lib/chromium/vk_swiftshader_icd.json);
#  - libvulkan1: the Vulkan loader Dawn opens (Mesa's Vulkan drivers are not needed: Dawn rejects lavapipe);
#  - xvfb: a virtual display for the headed Chromium whose WebGPU canvas is presented (demo-page test);
#  - gcc: the native C peers of `npm run bench`.
# Each package is checked with dpkg, so a file left behind by a removed package does not count as installed.
set -euo pipefail
cd "$(dirname "$0")/.."
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for pkg in chromium libvulkan1 xvfb gcc; do
  installed "$pkg" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  for pkg in "${missing[@]}"; do
    if [ "$pkg" = chromium ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
    fi
  done
fi
npm ci --no-audit --no-fund

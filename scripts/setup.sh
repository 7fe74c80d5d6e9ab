#!/usr/bin/env bash
# Installs what sgd-sde needs on a Debian machine without a GPU, then the npm dependencies:
#  - chromium: the browser tests' WebGPU, and the SwiftShader Vulkan driver that Dawn uses in Node
#    (/usr/lib/chromium/vk_swiftshader_icd.json);
#  - libvulkan1: the Vulkan loader Dawn opens (without Mesa's drivers, which Dawn rejects anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 ' || missing+=(libvulkan1)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  for pkg in "${missing[@]}"; do
    if [ "$pkg" = libvulkan1 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libvulkan1 >/dev/null
    else
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
    fi
  done
fi
npm ci --no-audit --no-fund

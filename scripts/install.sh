#!/usr/bin/env bash
# Installs what Bedside needs, offline-safe: never downloads the Electron binary or CUDA
# libraries at install time (see README, "GPU" and "Desktop app"). Debian's Chromium is
# installed for the end-to-end tests when --with-chromium is given and it is absent.
# Node.js 24 LTS comes first on PATH (installed from the npm registry into .cache/node24 when
# the machine's Node is older: scripts/node-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
if [[ "${1:-}" == "--with-chromium" ]] && { ! command -v chromium >/dev/null 2>&1 || [[ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; }; then
  echo "Installing Debian's chromium and DejaVu fonts for the browser and OCR tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
# dcmtk, GDCM's gdcmconv and OpenJPEG's opj_decompress: the reference decoders the DICOM tests and
# `npm run bench -- imaging` compare Bedside's pixels against (OpenJPEG 2.5 for HTJ2K, which dcmtk
# and GDCM do not read; see docs/imaging.md). Tests skip, saying why, without them.
if ! command -v dcmdjpeg >/dev/null 2>&1 || ! command -v gdcmconv >/dev/null 2>&1 || ! command -v opj_decompress >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    echo "Installing Debian's dcmtk, libgdcm-tools and libopenjp2-tools for the DICOM reference tests…"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dcmtk libgdcm-tools libopenjp2-tools >/dev/null || echo "dcmtk could not be installed; the DICOM reference tests will be skipped."
  fi
fi
# Debian's Orthanc and its DICOMweb plugin: the real PACS the PACS tests and `npm run bench -- imaging`
# start on a loopback port (see docs/clinic-it.md). Its system service is not enabled here; tests
# run their own. Tests skip, saying why, without them.
if { ! command -v Orthanc >/dev/null 2>&1 || [[ ! -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ]]; } && command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
  echo "Installing Debian's orthanc and orthanc-dicomweb for the PACS tests…"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq orthanc orthanc-dicomweb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq orthanc orthanc-dicomweb >/dev/null; }; } || echo "Orthanc could not be installed; the PACS tests will be skipped."
fi
# Debian's age is the reference tool the encrypted-export test opens exports with (skipped without it).
if ! command -v age >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == "0" ]]; then
  echo "Installing Debian's age (checks encrypted exports against the reference tool)…"
  { apt-get install -y -qq age >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq age >/dev/null; }; } || echo "age could not be installed; the encrypted-export check against it will be skipped."
fi
export ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}"
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
npm ci --no-audit --no-fund
echo "Installed with Node.js $(node --version) ($(command -v node))."

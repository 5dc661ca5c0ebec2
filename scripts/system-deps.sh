#!/usr/bin/env bash
# Debian packages the tests need: Chromium (browsers cannot be downloaded here)
# and the fonts that make screenshots identical on every machine (emoji included:
# the stress values carry some); redis-server
# (shared rate limits of `authmail serve`); python3-dkim (dkimverify, an
# independent DKIM verifier); spamassassin (the default content's spam scores,
# local rules only).
set -euo pipefail
packages=(chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-liberation2 fonts-dejavu-core redis-server python3-dkim spamassassin)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
chromium --version
redis-server --version
spamassassin --version | head -1

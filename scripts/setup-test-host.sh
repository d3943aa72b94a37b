#!/usr/bin/env bash
# Prepares a Debian/Ubuntu host (as root) to run Netloom's integration tests:
# installs what is missing, starts dockerd if no engine answers, and builds the
# local busybox test image. Idempotent: every step checks before it acts.
set -euo pipefail

IMAGE="${NETLOOM_TEST_IMAGE:-netloom-busybox:test}"
log() { printf 'setup-test-host: %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "must run as root (it installs packages and starts dockerd)"
  exit 1
fi

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
# dockerd is the engine; the docker client may come from elsewhere.
have dockerd || need_pkgs+=(docker.io)
have iptables-save || need_pkgs+=(iptables)
have ip || need_pkgs+=(iproute2)
have nsenter || need_pkgs+=(util-linux)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || need_pkgs+=(busybox-static)
have cc || need_pkgs+=(gcc libc6-dev)
# The control tests fetch through published ports with it.
have curl || need_pkgs+=(curl)
have nft || need_pkgs+=(nftables)
have dot || need_pkgs+=(graphviz)
# CJK glyphs for the Simplified Chinese UI in headless Chromium screenshots.
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_pkgs+=(fonts-wqy-microhei)
if [ "${NETLOOM_SETUP_CHROMIUM:-1}" = 1 ]; then have chromium || need_pkgs+=(chromium); fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

docker_bin=$(command -v docker || true)
[ -n "$docker_bin" ] || { log "no docker client found"; exit 1; }

if ! "$docker_bin" version >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p /var/log
  # setsid: the engine must outlive this script and the test run that started it.
  setsid dockerd >/var/log/netloom-dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    "$docker_bin" version >/dev/null 2>&1 && break
    sleep 0.5
  done
  "$docker_bin" version >/dev/null 2>&1 || { log "dockerd did not come up; see /var/log/netloom-dockerd.log"; tail -20 /var/log/netloom-dockerd.log >&2; exit 1; }
fi

if ! "$docker_bin" image inspect "$IMAGE" >/dev/null 2>&1; then
  log "building $IMAGE from busybox-static"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/www" "$root/proc" "$root/sys" "$root/dev"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  echo 'netloom test page' > "$root/www/index.html"
  tar -C "$root" -c . | "$docker_bin" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null
fi
log "ready: engine $("$docker_bin" version --format '{{.Server.Version}}'), image $IMAGE"

#!/usr/bin/env bash
# Installs everything the testbed needs on Debian 12 or Ubuntu 22.04/24.04, and nothing
# else. Idempotent: when every package is already there it only reads dpkg's status
# and returns in well under a second. CI, the Vagrant lab and `testbed/testbed` run it.
#
#   testbed/provision.sh               the testbed's own needs
#   testbed/provision.sh --test-tools  also what the test suite needs (vagrant, to
#                                       validate the Vagrantfile; busybox-static, to
#                                       build a container image with no registry)
#   testbed/provision.sh --with-sumo   also SUMO (sumo, sumo-tools), which only remakes the
#                                       trace in experiments/traces/ (replay needs none)
#   testbed/provision.sh --check       install nothing; exit 1 naming what is missing
#                                       (works without root)
#   testbed/provision.sh --print-mirror print the distribution mirror this machine's
#                                       sources name (testbed/rehearse builds from it)
#
# It works from nothing: on a machine whose package lists were never downloaded, or are
# stale, it updates them before it installs, and it reads the machine's own package
# sources (deb822 or one-line) through apt itself, so it names no mirror of its own.
# For its tests: TESTBED_OS_RELEASE replaces /etc/os-release, and
# TESTBED_PROVISION_EXTRA names more packages to install (space-separated).
set -euo pipefail

say()  { printf 'provision: %s\n' "$*"; }
fail() { printf 'provision: %s\n' "$*" >&2; exit 1; }

with_test_tools=false
with_sumo=false
check_only=false
print_mirror=false
for arg in "$@"; do
  case "$arg" in
    --test-tools) with_test_tools=true ;;
    --with-sumo) with_sumo=true ;;
    --check) check_only=true ;;
    --print-mirror) print_mirror=true ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) fail "unknown option '$arg' (known: --test-tools, --with-sumo, --check, --print-mirror)" ;;
  esac
done

# TESTBED_OS_RELEASE lets the tests show the unsupported-distribution message.
os_release=${TESTBED_OS_RELEASE:-/etc/os-release}
[ -r "$os_release" ] || fail "cannot read $os_release; supported: Debian 12, Ubuntu 22.04, Ubuntu 24.04"
# shellcheck disable=SC1090
. "$os_release"

# The guest kernel and the Python that Mininet and Python.NET share differ per distro.
case "${ID:-}:${VERSION_ID:-}" in
  debian:12)    guest_kernel=linux-image-cloud-amd64; libpython=libpython3.11; qemu_suite=bookworm-backports ;;
  ubuntu:22.04) guest_kernel=linux-image-virtual;     libpython=libpython3.10 ;;
  ubuntu:24.04) guest_kernel=linux-image-virtual;     libpython=libpython3.12 ;;
  *) fail "unsupported distribution '${PRETTY_NAME:-unknown}'; supported: Debian 12, Ubuntu 22.04, Ubuntu 24.04 (or use the Vagrant lab: vagrant up)" ;;
esac
arch=$(dpkg --print-architecture 2>/dev/null)
[ "$arch" = amd64 ] || fail "unsupported architecture '$arch'; the testbed needs amd64"

# Debian 12's own QEMU (7.2) corrupts a TCG guest that writes memory while it live-migrates:
# QEMU reports the migration completed, then the guest kernel oopses on the destination.
# QEMU 10.0 from bookworm-backports migrates the same guest intact (both measured with
# `testbed bench migration`), so on Debian 12 QEMU comes from there, and only QEMU does.
qemu_suite=${qemu_suite:-}
qemu_minimum=1:10.0
qemu_packages=(qemu-system-x86 qemu-system-common qemu-system-data seabios)

packages=(
  qemu-system-x86                     # the VMs (direct kernel boot: no disk tools needed)
  mininet bridge-utils iproute2       # the emulated WAN (LinuxBridge switches, no OVS)
  iptables                            # the smart routers track connections, which their kernel fast path pins to a replica
  iputils-ping iperf3                 # probes and calibration
  "$libpython"                        # Python.NET drives Mininet through it
  python3                             # Mininet's own interpreter
  procps                              # free, ps: minimal images lack them
  postgresql                          # the lab's results database
  cpio zstd kmod                      # building the guest initramfs
  gcc zlib1g-dev                      # NativeAOT links testbed-guest with them
  fonts-dejavu-core                   # the text of the report's plots (ScottPlot draws with the system's fonts)
)
# Docker runs Grafana and its PostgreSQL (`testbed dashboards up`). A host that already
# runs Docker CE keeps it: docker.io would replace its containerd.
command -v dockerd >/dev/null 2>&1 || packages+=(docker.io)
if $with_test_tools; then
  # busybox-static: no image registry is reachable on CI, so the Docker tests import an
  # image made of this one static binary. It takes the place of busybox (same applets).
  packages+=(vagrant vagrant-libvirt busybox-static)
fi
if $with_sumo; then
  # SUMO and its tools (netgenerate, randomTrips.py): experiments/traces/make-grid-trace.sh
  # remakes the shipped trace with them. The testbed replays FCD traces without SUMO.
  packages+=(sumo sumo-tools)
fi

# True where QEMU must come from $qemu_suite and the installed one (if any) is older.
qemu_too_old() {
  [ -n "$qemu_suite" ] || return 1
  local version
  version=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null) || return 0
  ! dpkg --compare-versions "$version" ge "$qemu_minimum" 2>/dev/null
}

# shellcheck disable=SC2206
packages+=(${TESTBED_PROVISION_EXTRA:-})

# One dpkg-query for all of them: a provisioned machine must be checked in well under a second.
declare -A installed=()
while read -r name status; do
  [ "$status" = ii ] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
  if [ "$p" = qemu-system-x86 ] && qemu_too_old; then
    missing+=("qemu-system-x86 (>= $qemu_minimum from $qemu_suite)")
  elif [ -z "${installed[$p]:-}" ]; then
    missing+=("$p")
  fi
done

# The backports suite on the same mirror the machine already uses for Debian itself.
# Backports are never preferred by apt: only the packages named with /suite come from it.
# The mirror is read from what `apt-get update` would fetch, which apt works out from the
# sources alone (either format, any file): unlike `apt-get indextargets`, it needs no
# package list, so it works on a machine that has never run `apt-get update`.
distribution_mirror() {
  local sources parts mirror
  eval "$(apt-config shell sources Dir::Etc::sourcelist/f parts Dir::Etc::sourceparts/d)"
  mirror=$(apt-get update --print-uris 2>/dev/null \
    | sed -nE "s|^'([^']+)/dists/${VERSION_CODENAME:-bookworm}/InRelease'.*|\\1|p" | head -n 1)
  [ -n "$mirror" ] || fail "cannot find the ${ID^} mirror this machine uses for ${VERSION_CODENAME:-bookworm}: no package source names it (see $sources and ${parts%/})"
  printf '%s\n' "$mirror"
}

if $print_mirror; then
  distribution_mirror
  exit 0
fi

add_qemu_suite() {
  local parts list mirror
  eval "$(apt-config shell parts Dir::Etc::sourceparts/d)"
  parts=${parts%/}
  list="$parts/testbed-$qemu_suite.sources"
  [ -e "$list" ] && return 0
  mirror=$(distribution_mirror) || exit 1
  say "adding $qemu_suite from $mirror, for QEMU $qemu_minimum"
  mkdir -p "$parts"
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$qemu_suite" > "$list"
}

# The guest kernel is unpacked from the distro's package into the testbed's own folder,
# never installed: an installed kernel joins the host's boot menu, and on a bare-metal
# Debian host the cloud kernel (which lacks most hardware drivers) could become the
# default. The testbed finds it in $guest_root/boot, its modules in $guest_root/lib/modules.
guest_root=/var/lib/testbed/guest-kernel
have_guest_kernel() { compgen -G "$guest_root/boot/vmlinuz-*" >/dev/null; }

unpack_guest_kernel() {
  local image work pkgs
  image=$(apt-cache depends "$guest_kernel" 2>/dev/null | awk '$1 ~ /Depends:$/ && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
  [ -n "$image" ] || fail "cannot find the kernel package behind $guest_kernel: check the machine's package sources"
  pkgs=("$image")
  # Ubuntu puts the modules of a kernel in a package of their own.
  if apt-cache show "${image/linux-image-/linux-modules-}" >/dev/null 2>&1; then
    pkgs+=("${image/linux-image-/linux-modules-}")
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work" "$guest_root.new"' RETURN
  (cd "$work" && apt-get download -qq -o APT::Sandbox::User=root "${pkgs[@]}" >/dev/null) \
    || fail "apt-get download failed for: ${pkgs[*]}"
  rm -rf "$guest_root.new"
  mkdir -p "$guest_root.new"
  for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$guest_root.new" || fail "cannot unpack $deb"
  done
  rm -rf "$guest_root"
  mv "$guest_root.new" "$guest_root"
}

if $check_only; then
  command -v dotnet >/dev/null 2>&1 || missing+=(dotnet-sdk-10.0)
  have_guest_kernel || missing+=("$guest_kernel (unpacked into $guest_root)")
  [ "${#missing[@]}" -eq 0 ] || fail "missing ${missing[*]}: run 'sudo testbed/provision.sh'"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || fail "needs root to install packages: run 'sudo testbed/provision.sh'"

export DEBIAN_FRONTEND=noninteractive
# Whenever something must be fetched, the lists are fetched first: never-downloaded or
# stale lists would make the install fail or find nothing. On Debian 12 the backports
# suite is added first whatever is missing, so that QEMU always comes from one place.
if [ "${#missing[@]}" -gt 0 ] || ! have_guest_kernel; then
  [ -z "$qemu_suite" ] || add_qemu_suite
  apt-get update -qq || fail "apt-get update failed: check the machine's package sources"
fi

# Each install names its packages; QEMU's (when it must come from another suite) go
# together with the rest, so that apt resolves them in one step.
install=()
for p in "${missing[@]}"; do
  case "$p" in
    qemu-system-x86\ *) for q in "${qemu_packages[@]}"; do install+=("$q/$qemu_suite"); done ;;
    *) install+=("$p") ;;
  esac
done
if [ "${#install[@]}" -gt 0 ]; then
  say "installing ${install[*]}"
  # iperf3 asks whether to start a daemon; we never want one.
  echo "iperf3 iperf3/start_daemon boolean false" | debconf-set-selections
  # Recommends would bring Open vSwitch, a desktop QEMU UI and firmware we do not use.
  apt-get install -y -qq --no-install-recommends "${install[@]}" >/dev/null \
    || fail "apt-get install failed for: ${install[*]}"
fi

if ! have_guest_kernel; then
  say "unpacking the guest kernel ($guest_kernel) into $guest_root"
  unpack_guest_kernel
fi

# The .NET SDK: only where it is missing (the Vagrant box has none).
if ! command -v dotnet >/dev/null 2>&1; then
  say "installing the .NET 10 SDK"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$ID" = ubuntu ] && apt-cache show dotnet-sdk-10.0 >/dev/null 2>&1; then
    apt-get install -y -qq dotnet-sdk-10.0 >/dev/null || fail "apt-get install dotnet-sdk-10.0 failed"
  else
    # Microsoft's own Debian/Ubuntu feed, registered the way its documentation describes.
    by_hand="install the .NET 10 SDK by hand (https://learn.microsoft.com/dotnet/core/install/linux)"
    apt-get install -y -qq --no-install-recommends wget ca-certificates >/dev/null || fail "cannot install wget: $by_hand"
    feed_deb=$(mktemp --suffix=.deb)
    trap 'rm -f "$feed_deb"' EXIT
    wget -q -O "$feed_deb" "https://packages.microsoft.com/config/${ID}/${VERSION_ID}/packages-microsoft-prod.deb" \
      || fail "cannot download Microsoft's package feed: $by_hand"
    dpkg -i "$feed_deb" >/dev/null || fail "cannot register Microsoft's package feed: $by_hand"
    apt-get update -qq || fail "apt-get update failed after adding Microsoft's feed: $by_hand"
    apt-get install -y -qq dotnet-sdk-10.0 >/dev/null || fail "apt-get install dotnet-sdk-10.0 failed: $by_hand"
  fi
fi

# Mininet's node shells and our namespaces need these; a minimal image may lack them.
modprobe -q bridge 2>/dev/null || true
modprobe -q tun 2>/dev/null || true

#!/usr/bin/env bash
# Debian's Java 17 for the Raspberry Pi's architectures, unpacked (no foreign install) for ArmIT, which runs the
# packaged jar on them under qemu-user: target/arm/arm64 and target/arm/armhf, each a root for qemu's -L with
# openjdk-17-jre-headless and the few libraries its java and libjvm.so load. armhf's lives in a tmpfs
# (target/arm/armhf is a link into /dev/shm): under qemu, a 32-bit process on a 64-bit host's ext4 gets EOVERFLOW
# from readdir. Needs root (apt-get update with the two architectures) and Debian's qemu-user-static.
#   .ci/arm-jre.sh [DIR]     (default target/arm)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-target/arm}")
arches=(arm64 armhf)
packages=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
# Only for these commands: the machine's apt configuration is not changed.
apt_arch=(-o APT::Sandbox::User=root -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o APT::Architectures::=armhf)
start=$SECONDS
apt-get update -qq "${apt_arch[@]}" || true
rm -rf "$dir" && mkdir -p "$dir/debs"
for arch in "${arches[@]}"; do
    (cd "$dir/debs" && apt-get download -qq "${apt_arch[@]}" "${packages[@]/%/:$arch}")
    root=$dir/$arch
    if [[ $arch == armhf ]]; then
        # tmpfs: /dev/shm if it has room for the unpacked JRE (about 200 MB), else a tmpfs mounted here.
        if (($(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $4}' || echo 0) > 400000)); then
            shm=/dev/shm/vedirect-arm-armhf
            rm -rf "$shm" && mkdir -p "$shm"
            ln -s "$shm" "$root"
        else
            mkdir -p "$root" && mount -t tmpfs -o size=600m tmpfs "$root"
        fi
    fi
    mkdir -p "$root"
    for deb in "$dir"/debs/*_"$arch".deb; do dpkg-deb -x "$deb" "$root/"; done
    java=$(ls "$root"/usr/lib/jvm/java-17-openjdk-*/bin/java)
    echo "arm-jre: $arch: $("qemu-$([[ $arch == arm64 ]] && echo aarch64 || echo arm)-static" -L "$root" "$java" -version 2>&1 | head -n 1)"
done
rm -rf "$dir/debs"
echo "arm-jre: Java 17 for ${arches[*]} in $dir ($((SECONDS - start)) s)"

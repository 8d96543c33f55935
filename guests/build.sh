#!/usr/bin/env bash
# Builds the lab's guest images into OUT (default public/images): labkernel (boot
# flavour, FIFO and 2-level), labkernel-resume (2-level only, the hibernation resume
# kernel) and labfw (the HVM firmware ROM), then manifest.json with their sha256.
#
# Reproducible by construction: fixed flags, sorted inputs, no debug info, no build
# id, paths stripped (-ffile-prefix-map), symbols stripped, no timestamps anywhere.
# test/guest-images.test.ts rebuilds into a temporary directory and compares bytes.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
OUT="$(realpath -m "${1:-../public/images}")"
CC="${CC:-gcc}"
LD="${LD:-ld}"
OBJCOPY="${OBJCOPY:-objcopy}"
mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

CFLAGS=(-m32 -march=i686 -mgeneral-regs-only -ffreestanding -fno-builtin -nostdlib
  -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-ident -O2 -std=gnu11 -Wall -Wextra -Werror
  "-ffile-prefix-map=$ROOT=." -I labkernel/include)
LDFLAGS=(-m elf_i386 -nostdlib --build-id=none -z max-page-size=4096 -z noexecstack
  -z norelro --strip-all --no-warn-rwx-segments)

build_kernel() { # name load_base extra_cflags...
  local name="$1" base="$2"
  shift 2
  local dir="$TMP/$name" objs=()
  mkdir -p "$dir"
  for src in $(cd labkernel && ls *.c *.S | LC_ALL=C sort); do
    "$CC" "${CFLAGS[@]}" "$@" -c "labkernel/$src" -o "$dir/${src%.*}.o"
    objs+=("$dir/${src%.*}.o")
  done
  "$LD" "${LDFLAGS[@]}" --defsym LOAD_BASE="$base" -T labkernel/link.ld -o "$OUT/$name.elf" \
    "${objs[@]}"
}

build_kernel labkernel 0x100000
build_kernel labkernel-resume 0x200000 -DLAB_FLAVOUR_RESUME

"$CC" -m32 -c "-ffile-prefix-map=$ROOT=." labfw/labfw.S -o "$TMP/labfw.o"
"$LD" -m elf_i386 -nostdlib --build-id=none -T labfw/labfw.ld -o "$TMP/labfw.elf" "$TMP/labfw.o"
"$OBJCOPY" -O binary --pad-to 0x10000 "$TMP/labfw.elf" "$OUT/labfw.bin"
if [ "$(stat -c %s "$OUT/labfw.bin")" != 65536 ]; then
  echo "build: labfw.bin must be exactly 64 KiB" >&2
  exit 1
fi

entry() { # name file flavour description
  local sum
  sum="$(sha256sum "$OUT/$2" | cut -d' ' -f1)"
  printf '    {\n      "name": "%s",\n      "file": "%s",\n      "flavour": "%s",\n      "sha256": "%s",\n      "size": %s,\n      "description": "%s"\n    }' \
    "$1" "$2" "$3" "$sum" "$(stat -c %s "$OUT/$2")" "$4"
}
{
  printf '{\n  "format": "xenlab-images/1",\n  "toolchain": "%s",\n  "images": [\n' \
    "$("$CC" --version | head -n1) + $("$LD" --version | head -n1)"
  entry labkernel labkernel.elf boot \
    "i386 multiboot kernel: serial shell, Xen hypercalls through port 0xEA, 2-level and FIFO event channels (FIFO by default, evtchn=2l to refuse it)"
  printf ',\n'
  entry labkernel-resume labkernel-resume.elf resume \
    "the same kernel built with the 2-level driver only, loaded at 2 MiB: the resume kernel that takes over at 'hibernate' (the FIFO hibernation bug)"
  printf ',\n'
  entry labfw labfw.bin firmware \
    "64 KiB real-mode firmware for type=\\\"hvm\\\": starts at F000:FFF0, makes a real-mode and a protected-mode hypercall, jumps to labkernel"
  printf '\n  ]\n}\n'
} >"$OUT/manifest.json"
echo "build: images in $OUT"

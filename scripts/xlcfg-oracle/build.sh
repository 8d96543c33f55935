#!/bin/sh
# Builds the real xl.cfg parser (libxlu, from a Xen tree) with a tiny driver, so the
# lab's parser can be checked against it. Not part of the gate: the fixtures it
# produced are committed (src/xen-core/toolstack/xlcfg/fixtures/oracle-corpus.json).
#   scripts/xlcfg-oracle/build.sh /path/to/xen.git OUTDIR
set -eu
XEN=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT/xen-tools"
for f in libxlu_cfg.c libxlu_cfg_i.h libxlu_cfg_l.c libxlu_cfg_l.h libxlu_cfg_y.c libxlu_cfg_y.h libxlu_internal.h; do
  git -C "$XEN" show RELEASE-4.22.0:tools/libs/util/$f > "$OUT/$f"
done
git -C "$XEN" show RELEASE-4.22.0:tools/include/libxlutil.h > "$OUT/libxlutil.h"
cp "$HERE/libxl-stub.h" "$OUT/libxl.h"
: > "$OUT/xen-tools/common-macros.h"
cp "$HERE/harness.c" "$OUT/harness.c"
cd "$OUT" && cc -O1 -w -I. -o xlucfg harness.c libxlu_cfg.c libxlu_cfg_l.c libxlu_cfg_y.c
echo "$OUT/xlucfg FILE [REPORTED_NAME]"

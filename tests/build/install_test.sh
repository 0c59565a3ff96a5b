#!/bin/bash
# Configure the project against a cluster-style HDF5 (not Debian's pkg-config name), install it into
# a temporary prefix and run the installed binary on the quickstart sweep.
#
#   install_test.sh MODE SOURCE_DIR
#   MODE hdf5_root: a prefix holding only include/ and lib/ (a module's or Spack's layout), given
#                   as HDF5_ROOT; the installed binary must find libhdf5 there through its RPATH.
#   MODE pkgconfig: no FindHDF5 result; only an hdf5.pc (Spack's name) on PKG_CONFIG_LIBDIR, and
#                   no Check: the program must build with its tests off and a message.
#   MODE serial:    HDF5_ROOT names a serial build: configure must stop, saying it is serial.
set -euo pipefail
mode=$1
src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The parallel HDF5 of this machine (Debian's openmpi flavour), seen through a foreign layout.
sys_inc=$(find /usr/include/hdf5/openmpi /usr/include -maxdepth 1 -name H5pubconf.h 2>/dev/null | head -1)
sys_lib=$(find /usr/lib/x86_64-linux-gnu/hdf5/openmpi /usr/lib/*/hdf5/openmpi -maxdepth 1 -name 'libhdf5.so' 2>/dev/null | head -1)
if [ -z "$sys_inc" ] || [ -z "$sys_lib" ]; then
    echo "no parallel HDF5 (H5pubconf.h, libhdf5.so) found to build a cluster-style prefix from"
    exit 77
fi
prefix=$work/hdf5-1.10-mpi
mkdir -p "$prefix/include" "$prefix/lib"
ln -s "$(dirname "$sys_inc")"/*.h "$prefix/include/"
for f in "$(dirname "$sys_lib")"/libhdf5.so*; do ln -s "$(readlink -f "$f")" "$prefix/lib/$(basename "$f")"; done

config=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_INSTALL_PREFIX=$work/install")
case $mode in
hdf5_root)
    config+=("-DHDF5_ROOT=$prefix" -DMD_BUILD_TESTS=OFF) ;;
pkgconfig)
    mkdir -p "$work/pc"
    cat >"$work/pc/hdf5.pc" <<PC
prefix=$prefix
Name: hdf5
Description: HDF5 (parallel), as Spack names it
Version: 1.10.8
Cflags: -I\${prefix}/include
Libs: -L\${prefix}/lib -lhdf5
PC
    export PKG_CONFIG_LIBDIR=$work/pc
    config+=(-DCMAKE_DISABLE_FIND_PACKAGE_HDF5=ON -DCMAKE_DISABLE_FIND_PACKAGE_check=ON) ;;
serial)
    rm "$prefix/include/H5pubconf.h"
    grep -v 'H5_HAVE_PARALLEL' "$sys_inc" >"$prefix/include/H5pubconf.h"
    config+=("-DHDF5_ROOT=$prefix")
    if cmake -S "$src" -B "$work/build" "${config[@]}" >"$work/log" 2>&1; then
        echo "configure accepted a serial HDF5"; cat "$work/log"; exit 1
    fi
    grep -q "is a serial" "$work/log" || { echo "configure failed without naming the serial HDF5:"; cat "$work/log"; exit 1; }
    grep -A3 "is a serial" "$work/log"
    exit 0 ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac

cmake -S "$src" -B "$work/build" "${config[@]}" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
grep "HDF5:" "$work/log"
if [ "$mode" = pkgconfig ]; then
    grep -q "Check (the C unit-test framework) was not found" "$work/log" ||
        { echo "configure without Check did not say the tests are off:"; cat "$work/log"; exit 1; }
    [ -e "$work/build/CTestTestfile.cmake" ] && grep -q "add_test" "$work/build/CTestTestfile.cmake" &&
        { echo "tests were configured without Check"; exit 1; }
fi
cmake --build "$work/build" -j2 >>"$work/log" 2>&1 || { tail -40 "$work/log"; exit 1; }
cmake --install "$work/build" >>"$work/log" 2>&1 || { tail -40 "$work/log"; exit 1; }

bin=$work/install/bin/marsdisk-sweep
share=$work/install/share/marsdisk-sweep
[ -f "$share/sweeps/quickstart.json" ] || { echo "sweeps/ not installed under share/"; exit 1; }
# The installed binary carries the HDF5 prefix it was linked with (a module's lib/ is not on the
# loader's default path once the module is unloaded or the job runs on another node).
readelf -d "$bin" | grep -E 'R(UN)?PATH' | grep -q "$prefix/lib" ||
    { echo "installed binary has no RPATH to $prefix/lib:"; readelf -d "$bin" | grep -E 'R(UN)?PATH'; exit 1; }
cd "$work"
env -u LD_LIBRARY_PATH "$bin" --quiet -o "$work/q.h5" "$share/sweeps/quickstart.json"
echo "installed binary ran the quickstart: $(stat -c %s "$work/q.h5") bytes"

#!/bin/sh
# md_needs_shared.sh DIR COMMAND...: runs COMMAND when the reference material folder DIR exists;
# otherwise says so and exits 77 (CTest: skipped), or 1 when MD_REQUIRE_SHARED=1 (CI).
dir=$1
shift
if [ ! -d "$dir" ]; then
    if [ "${MD_REQUIRE_SHARED:-}" = 1 ]; then
        echo "MD_REQUIRE_SHARED=1: the reference material is required, but '$dir' is absent; failing" >&2
        exit 1
    fi
    echo "skipped: reference material not found at '$dir' (configure with -DMD_SHARED_DIR=...)" >&2
    exit 77
fi
exec "$@"

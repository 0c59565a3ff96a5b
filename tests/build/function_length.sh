#!/bin/sh
# The engine stays readable stage by stage (issue 7): no function of src/run longer than 120 lines
# and no step stage (md_run_stage_*) longer than 80. A function is counted from its first line
# (a line starting with a name, not ending in ';') to the closing brace in column 0, as
# clang-format lays them out.
#   function_length.sh SOURCE_DIR
set -eu
src=${1:?usage: function_length.sh SOURCE_DIR}
status=0
for f in "$src"/src/run/*.c; do
    awk -v file="$f" '
        /^[A-Za-z_].*\(/ && !/;[[:space:]]*$/ && !infn { name = $0; start = NR; infn = 1 }
        infn && /^}/ {
            len = NR - start + 1
            limit = (name ~ /md_run_stage_[a-z_]+\(/ && name !~ /md_run_stage_step/) ? 80 : 120
            if (len > limit) {
                printf "%s:%d: %d lines (limit %d): %s\n", file, start, len, limit, name
                bad = 1
            }
            infn = 0
        }
        END { exit bad }
    ' "$f" || status=1
done
[ "$status" -eq 0 ] && echo "function_length: every function of src/run within its limit"
exit "$status"

#!/bin/bash
# The README's two set-up commands are what CI runs: every package the first installs is in
# .ci/run's apt-get line, and the test command is run there exactly as written.
#   readme_setup.sh SOURCE_DIR
set -euo pipefail
src=$1
blocks=$(awk '/^```sh$/{f=1; next} /^```$/{f=0} f' "$src/README.md")
setup=$(printf '%s\n' "$blocks" | sed -n 1p)
tests=$(printf '%s\n' "$blocks" | sed -n 2p)
case $setup in
'SUDO=$(command -v sudo); $SUDO apt-get update && $SUDO apt-get install -y '*) ;;
*) echo "README set-up command does not start with the sudo-or-root apt-get: $setup"; exit 1 ;;
esac
packages=$(printf '%s\n' "$setup" | sed 's/.*apt-get install -y //; s/ &&.*//')
ci_packages=$(sed -n '/apt-get install/,/>\/dev\/null/p' "$src/.ci/run" | tr -d '\\' | tr ' ' '\n')
missing=0
for p in $packages; do
    # A here-string, not a pipe: grep -q stops reading at the first match, and under pipefail
    # the writer's SIGPIPE would fail the check now and then.
    grep -qx -- "$p" <<<"$ci_packages" || { echo ".ci/run does not install $p"; missing=1; }
done
grep -qxF -- "$tests" "$src/.ci/run" || { echo ".ci/run does not run the README's test command: $tests"; missing=1; }
[ "$missing" = 0 ] && echo "README set-up: $(echo "$packages" | wc -w) packages, all installed by .ci/run; test command run as written"
exit "$missing"

#!/bin/sh
# Regenerate the golden batch transcripts (make golden). Run only when a
# change of output is intended, and read the diff before committing it.
set -eu
mk() {
    name=$1; shift
    echo "# args: $*" >"tests/golden/$name.args"
    ./mtls-sim "$@" >"tests/golden/$name" || [ $? -eq 1 ]
}
mk batch-seed1.txt --batch --seed 1
mk batch-seed2-ems.json --format json --seed 2 --ems
mk batch-seed2-transport.txt --batch --seed 2 --kx transport
echo "regenerated: $(ls tests/golden/batch-*)"

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
mk batch-seed3-scenarios.txt --scenario all --seed 3
mk batch-seed3-scenarios-transport.txt --scenario all --seed 3 --kx transport
mk batch-seed1-expired-server.txt --batch --seed 1 --scenario expired-server-cert
mk batch-seed1-key-leak.json --format json --seed 1 --scenario key-leak --kx transport
mk batch-seed1-tls13.txt --batch --seed 1 --tls 1.3
mk batch-seed1-tls13.json --format json --seed 1 --tls 1.3
mk batch-seed1-compare-versions.txt --compare-versions --seed 1
mk batch-seed1-compare-versions.json --compare-versions --format json --seed 1
mk batch-seed7.mmd --format mermaid --seed 7
mk batch-seed7-expired-client.mmd --format mermaid --seed 7 --scenario expired-client-cert
mk batch-seed7-tls13.svg --format svg --seed 7 --tls 1.3
mk batch-seed7-tampered-finished.svg --format svg --seed 7 --scenario tampered-finished
mk batch-seed7.html --format html --seed 7
mk batch-seed5-mystery.txt --mystery random --seed 5 --batch
# the worksheets and their answer keys (tests/check_predict.sh compares them)
ws() {
    name=$1; shift
    ./mtls-sim "$@" --format markdown --answers "tests/golden/$name-key.md" \
        >"tests/golden/$name-worksheet.md" || [ $? -eq 1 ]
}
ws predict-seed1 --predict --seed 1
ws predict-seed1-expired-client --predict --seed 1 --scenario expired-client-cert
ws predict-seed2-tls13 --predict --seed 2 --tls 1.3
ws mystery-seed5 --mystery random --seed 5
echo "regenerated: $(ls tests/golden/batch-* tests/golden/*-worksheet.md tests/golden/*-key.md)"

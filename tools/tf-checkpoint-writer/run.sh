#!/usr/bin/env bash
# Builds the writer (first run downloads ~163 MB of TensorFlow natives from Maven Central) and runs it
# in its own JVM: TF Java needs JavaCPP 1.5.11, the workbench's ND4J needs 1.5.7.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mvn -B -q -f "$here/pom.xml" ${MVN_OFFLINE:+-o} compile
exec java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    org.clinicalbert.tools.tfckpt.TfCheckpointWriter "$@"

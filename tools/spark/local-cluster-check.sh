#!/usr/bin/env bash
# Proves the -Pcluster jar works outside the driver's JVM, with no Spark installation: a SPARK_HOME is made of
# symlinks to the Spark jars Maven downloaded (target/spark-classpath.txt) plus the third-party jars Spark itself
# needs (from target/classpath.txt, without the workbench's own stack: ND4J, DataVec, Arbiter, JavaCPP, picocli...,
# which must come from the cluster jar), then spark-submit (SparkSubmit from those jars) runs a one-candidate sweep
# of the tiny demo on local-cluster[1,1,1024]: a master, a worker and an executor JVM whose class path holds only
# the fake SPARK_HOME's jars and the shipped cluster jar.
#   mvn -Pcluster -DskipTests package && tools/spark/local-cluster-check.sh [OUT_DIR | file:/RESULTS_URI]
# (a file: URI puts the sweep on a results store: the executor JVM stages, uploads and the driver reads it back)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
jar="$(ls target/clinical-bert-workbench-*-cluster.jar)"
out="${1:-$(mktemp -d)/sweep}"
home="$(mktemp -d)/spark-home"
mkdir -p "$home/jars"
tr ':' '\n' < target/spark-classpath.txt | xargs -I{} ln -sf {} "$home/jars/"
tr ':' '\n' < target/classpath.txt \
  | grep -vE 'nd4j|datavec|deeplearning4j|arbiter|javacpp|bytedeco|picocli|xchart|progressbar|jline|commons-csv|protobuf|flatbuffers|oshi|jna' \
  | xargs -I{} ln -sf {} "$home/jars/"
# Spark needs an SLF4J binding on its own class path (a Spark distribution ships log4j-slf4j-impl; Maven excluded it)
ls target/classpath.txt >/dev/null && tr ':' '\n' < target/classpath.txt | grep -E 'logback-(classic|core)' | xargs -I{} ln -sf {} "$home/jars/"
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
sweep="$(mktemp -d)/tiny.yaml"
cat > "$sweep" <<YAML
experiment: $here/experiments/demo.yaml
set:
  train.epochs: 1
  model.max_seq_length: 24
  data.corpus_dir: $here/experiments/demo-data/mednli
parameters:
  train.lr: [1.0e-3]
score: dev.accuracy
YAML
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 OMP_NUM_THREADS=1
# shellcheck disable=SC2086
java -Xmx1g $opens -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master 'local-cluster[1,1,1024]' --class org.clinicalbert.workbench.cli.Workbench \
  --conf "spark.executor.extraJavaOptions=$opens" --conf spark.driver.host=127.0.0.1 \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 --conf spark.ui.enabled=false \
  "$jar" sweep "$sweep" --spark 'local-cluster[1,1,1024]' --out "$out" --no-progress
# the executor's log goes to stderr or stdout depending on which logging configuration its class path holds
echo "executor log: $(ls "$home"/work/app-*/0/std*)"
grep -h "Executor task launch worker.*ExperimentRunner" "$home"/work/app-*/0/std* | grep -v DEBUG | head -1

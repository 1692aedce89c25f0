package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sweep --spark --out hdfs://...} against an HDFS in this JVM (Hadoop's MiniDFSCluster: a name node and a data
 * node on loop-back ports): a candidate killed mid-training leaves its checkpoint on HDFS, a re-submit continues
 * it to the local runner's scores, and a third submission reads it back without running anything.
 */
class SparkHdfsResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CLOSE_POLL = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";

    @TempDir
    Path dir;

    @Test
    void aSweepOnHdfsResumesKilledCandidatesAndSkipsFinishedOnes() throws Exception {
        Path sweep = SparkResultsStoreTest.grid(dir, "[24]"); // one candidate: the HDFS node is slow to start
        Path local = dir.resolve("local");
        CliRun l = SparkResultsStoreTest.workbench("sweep", sweep.toString(), "--out",
                local.toString(), "--no-progress");
        assertEquals(0, l.code(), l.err());
        JsonNode baseline = JSON.readTree(local.resolve("sweep.json").toFile());

        // a file's close polls the name node from 400 ms on; this node confirms at once. Given as Spark passes
        // Hadoop settings (spark.hadoop.*), which the store reads on the driver and the executors
        System.setProperty("spark.hadoop." + CLOSE_POLL, "5");
        Configuration conf = new Configuration();
        conf.set(CLOSE_POLL, "5");
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            String uri = "hdfs://localhost:" + cluster.getNameNodePort() + "/sweeps/demo";
            SweepOutcome killed = SparkResultsStoreTest.killedSweep(sweep, uri);
            assertEquals(1, killed.failed());
            ResultsStore store = ResultsStore.open(uri);
            List<String> runs = store.folders("candidate-1");
            assertEquals(1, runs.size(), runs::toString);
            String run = "candidate-1/" + runs.get(0);
            assertTrue(store.exists(run + "/checkpoints/last.ckpt"), "the checkpoint reached HDFS during the run");
            assertEquals(3, JSON.readTree(store.readString(run + "/status.json").orElseThrow())
                    .get("last_checkpoint_step").asInt());

            CliRun resumed = SparkResultsStoreTest.workbench("sweep", sweep.toString(), "--out", uri,
                    "--spark", "local[2]");
            assertEquals(0, resumed.code(), resumed.err());
            CliRun again = SparkResultsStoreTest.workbench("sweep", sweep.toString(), "--out", uri,
                    "--spark", "local[2]");
            assertEquals(0, again.code(), again.err());
            assertTrue(again.out().contains("(#1) model.max_seq_length=24: finished earlier, reused"), again.out());

            JsonNode b = JSON.readTree(store.readString("sweep.json").orElseThrow());
            assertEquals(1, b.get("finished").asInt(), b.toString());
            for (int i = 0; i < 1; i++) {
                JsonNode la = baseline.get("candidates").get(i);
                JsonNode sb = b.get("candidates").get(i);
                assertEquals(la.get("score").asDouble(), sb.get("score").asDouble(), 0.0, "candidate " + (i + 1));
                assertEquals(la.get("dev"), sb.get("dev"));
                assertEquals(la.get("test"), sb.get("test"));
                assertTrue(sb.get("run_dir").asText().startsWith(uri + "/candidate-" + (i + 1) + "/"), sb.toString());
                assertEquals(1, store.folders("candidate-" + (i + 1)).size(), "one run of candidate " + (i + 1));
            }
            assertEquals(List.of(runs.get(0)), store.folders("candidate-1"), "the killed run was continued");
            assertTrue(store.exists(run + "/model/bert_config.json"));
            assertEquals("finished", JSON.readTree(store.readString("status.json").orElseThrow())
                    .get("state").asText());

            // nothing but results on HDFS: no temp files of uploads, no locks
            FileSystem fs = FileSystem.get(URI.create(uri), new Configuration());
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(uri), true);
            int n = 0;
            while (it.hasNext()) {
                String name = it.next().getPath().getName();
                assertFalse(name.startsWith(".") || name.equals("run.lock"), name);
                n++;
            }
            assertTrue(n > 20, n + " files");
        } finally {
            cluster.shutdown();
            System.clearProperty("spark.hadoop." + CLOSE_POLL);
        }
    }
}

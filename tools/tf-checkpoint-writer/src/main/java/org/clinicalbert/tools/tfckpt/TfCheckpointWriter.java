package org.clinicalbert.tools.tfckpt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a TensorFlow V2 checkpoint (TensorBundle) from a tensors JSON with real TensorFlow, then
 * restores every tensor with TensorFlow and compares bit for bit. Test fixtures for the workbench's
 * own checkpoint reader come from here, so that reader is checked against bytes TF itself wrote.
 *
 * Usage: TfCheckpointWriter --tensors weights.json --prefix out/model.ckpt-0
 *            [--with-optimizer-slots] [--seed 42] [--global-step 0]
 *            [--snappy-copy DIR] [--written-json FILE]
 *        TfCheckpointWriter --verify-only --tensors tensors.json --prefix dir/model.ckpt-0
 *            (restore an existing checkpoint with TF and compare; exit 1 if TF refuses it or a value differs)
 */
public final class TfCheckpointWriter {

    private TfCheckpointWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path tensorsJson = null;
        Path prefix = null;
        Path snappyDir = null;
        Path writtenJson = null;
        boolean slots = false;
        boolean verifyOnly = false;
        long seed = 42;
        long globalStep = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tensors" -> tensorsJson = Path.of(args[++i]);
                case "--prefix" -> prefix = Path.of(args[++i]);
                case "--with-optimizer-slots" -> slots = true;
                case "--verify-only" -> verifyOnly = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--global-step" -> globalStep = Long.parseLong(args[++i]);
                case "--snappy-copy" -> snappyDir = Path.of(args[++i]);
                case "--written-json" -> writtenJson = Path.of(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (tensorsJson == null || prefix == null) {
            usage("--tensors and --prefix are required");
        }
        List<NamedTensor> tensors = TensorsJson.read(tensorsJson);
        if (slots) {
            tensors = withOptimizerSlots(tensors, seed, globalStep);
        }
        Path absPrefix = prefix.toAbsolutePath();
        if (verifyOnly) {
            try {
                TfBundleIo.verify(absPrefix.toString(), tensors);
            } catch (RuntimeException e) {
                System.err.println("TensorFlow does not restore " + absPrefix + ": " + e.getMessage());
                System.exit(1);
            }
            System.out.println("TensorFlow restored and matched " + tensors.size() + " tensors: " + absPrefix);
            return;
        }
        Files.createDirectories(absPrefix.getParent());
        TfBundleIo.save(absPrefix.toString(), tensors);
        TfBundleIo.verify(absPrefix.toString(), tensors);
        System.out.println("wrote and verified " + tensors.size() + " tensors: " + absPrefix);
        if (snappyDir != null) {
            Path copy = snappyDir.toAbsolutePath().resolve(absPrefix.getFileName());
            Files.createDirectories(copy.getParent());
            SnappyIndexCopier.writeSnappyTable(indexOf(copy),
                    SnappyIndexCopier.readEntries(indexOf(absPrefix)));
            try (var shards = Files.list(absPrefix.getParent())) {
                for (Path shard : shards.filter(p -> p.getFileName().toString()
                        .startsWith(absPrefix.getFileName() + ".data-")).toList()) {
                    Files.copy(shard, copy.getParent().resolve(shard.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            TfBundleIo.verify(copy.toString(), tensors);
            System.out.println("wrote Snappy-index copy, TF restores it: " + copy);
        }
        if (writtenJson != null) {
            TensorsJson.write(writtenJson, tensors);
            System.out.println("wrote " + writtenJson);
        }
    }

    private static Path indexOf(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".index");
    }

    /** Adds Adam slots (as BERT's AdamWeightDecayOptimizer names them) and global_step, like a training checkpoint. */
    static List<NamedTensor> withOptimizerSlots(List<NamedTensor> vars, long seed, long globalStep) {
        Random rnd = new Random(seed);
        List<NamedTensor> out = new ArrayList<>(vars);
        for (NamedTensor v : vars) {
            if (!v.isFloat()) {
                continue;
            }
            float[] m = new float[v.length()];
            float[] s = new float[v.length()];
            for (int k = 0; k < m.length; k++) {
                m[k] = (float) (rnd.nextGaussian() * 1e-3);
                s[k] = (float) Math.abs(rnd.nextGaussian() * 1e-6);
            }
            out.add(NamedTensor.ofFloats(v.name() + "/adam_m", v.shape(), m));
            out.add(NamedTensor.ofFloats(v.name() + "/adam_v", v.shape(), s));
        }
        out.add(NamedTensor.ofLongs("global_step", new long[0], new long[]{globalStep}));
        return out;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: --tensors FILE.json --prefix DIR/model.ckpt-N [--with-optimizer-slots] [--seed S]"
                + " [--global-step N] [--snappy-copy DIR] [--written-json FILE] [--verify-only]");
        System.exit(2);
    }
}

package org.clinicalbert.workbench.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resumable state of a run in one file, written atomically: the loop state as JSON, then the
 * parameters and both Adam moments as named ND4J arrays. A crash mid-write leaves the previous file intact.
 */
public final class TrainingCheckpoint {

    private static final byte[] MAGIC = "CBW-TRAIN-CKPT-1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public record Contents(TrainingState state, Map<String, INDArray> parameters,
                           Map<String, INDArray> firstMoments, Map<String, INDArray> secondMoments) {
    }

    private TrainingCheckpoint() {
    }

    public static void save(Path file, Contents c) throws IOException {
        byte[] state = JSON.writeValueAsBytes(c.state());
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.write(MAGIC);
            out.writeInt(state.length);
            out.write(state);
            writeGroup(out, c.parameters());
            writeGroup(out, c.firstMoments());
            writeGroup(out, c.secondMoments());
            out.writeLong(0xC0FFEEL); // end marker: a file cut short is detected on load
            out.flush();
        });
    }

    private static void writeGroup(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (var e : arrays.entrySet()) {
            out.writeUTF(e.getKey());
            Nd4j.write(e.getValue(), out);
        }
    }

    public static Contents load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InputFormatException(file, "offset 0", "not a workbench training checkpoint (bad magic)");
            }
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            TrainingState s = JSON.readValue(state, TrainingState.class);
            var params = readGroup(in);
            var m = readGroup(in);
            var v = readGroup(in);
            if (in.readLong() != 0xC0FFEEL) {
                throw new InputFormatException(file, "end", "checkpoint end marker missing: file is damaged");
            }
            return new Contents(s, params, m, v);
        } catch (NoSuchFileException e) {
            throw new InputFormatException(file, null, "checkpoint not found");
        } catch (EOFException e) {
            throw new InputFormatException(file, null, "checkpoint is truncated", e);
        } catch (IOException e) {
            throw new InputFormatException(file, null, "cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    private static Map<String, INDArray> readGroup(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            try {
                out.put(name, Nd4j.read(in));
            } catch (RuntimeException e) { // ND4J wraps the EOFException of a cut-short file
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof EOFException eof) {
                        throw eof;
                    }
                }
                throw e;
            }
        }
        return out;
    }
}

package org.clinicalbert.workbench.hf;

import org.clinicalbert.workbench.cli.Workbench;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.TextEncoder;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad weights file fails with one message naming the file and the tensor or offset, and nothing is loaded. */
class HfBadInputTest {

    /** A safetensors file from a header text and a data area. */
    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static InputFormatException readFails(Path file) {
        return assertThrows(InputFormatException.class, () -> SafeTensors.read(file));
    }

    private static void assertNames(InputFormatException e, Path file, String... parts) {
        assertEquals(file, e.file(), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }

    @Test
    void truncatedSafetensorsNameTheFileAndOffset(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(HfFixtures.SAFETENSORS.resolve("model.safetensors"));
        Path f = dir.resolve("model.safetensors");
        Files.write(f, java.util.Arrays.copyOf(good, 5));
        assertNames(readFails(f), f, "truncated", "offset 0");
        // the header intact but the data cut short: the last tensors' data_offsets run past the end
        Files.write(f, java.util.Arrays.copyOf(good, good.length - 100));
        assertNames(readFails(f), f, "tensor ", "out of range");
    }

    @Test
    void headerLengthPastTheEndOfTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("model.safetensors");
        byte[] b = safetensors("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(f, b);
        assertNames(readFails(f), f, "header length 1099511627776 runs past the end of the file");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        Files.write(f, b);
        assertNames(readFails(f), f, "header length 18446744073709551615");
    }

    @Test
    void overlappingAndOutOfRangeOffsets(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("model.safetensors");
        Files.write(f, safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertNames(readFails(f), f, "tensor b", "overlap tensor a");
        Files.write(f, safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 12));
        assertNames(readFails(f), f, "tensor a", "data_offsets [8, 16] out of range", "12 bytes");
        Files.write(f, safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 12));
        assertNames(readFails(f), f, "tensor a", "needs 12");
    }

    @Test
    void unsupportedDtypeIsRefusedByName(@TempDir Path dir) throws IOException {
        Path m = HfFixtures.copy(HfFixtures.SAFETENSORS, dir.resolve("m"));
        // rewrite the fixture with the pooler bias as float64
        var tensors = SafeTensors.read(m.resolve("model.safetensors"));
        StringBuilder header = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (RawTensor t : tensors) {
            boolean f64 = t.name().equals("bert.pooler.dense.bias");
            byte[] bytes = new byte[t.data().remaining() * (f64 ? 2 : 1)];
            header.append(header.length() > 1 ? "," : "").append('"').append(t.name()).append("\":{\"dtype\":\"")
                    .append(f64 ? "F64" : "F32").append("\",\"shape\":")
                    .append(java.util.Arrays.toString(t.shape())).append(",\"data_offsets\":[").append(data.size())
                    .append(',').append(data.size() + bytes.length).append("]}");
            data.write(bytes);
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data.toByteArray());
        Files.write(m.resolve("model.safetensors"), b.array());
        InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFolder.open(m).readWeights());
        assertTrue(e.getMessage().contains("tensor bert.pooler.dense.bias has unsupported dtype F64"), e.getMessage());
        assertEquals(m.resolve("model.safetensors"), e.file());
        Files.write(m.resolve("model.safetensors"), safetensors("{\"a\":{\"dtype\":\"Q4\",\"shape\":[],"
                + "\"data_offsets\":[0,0]}}", 0));
        assertTrue(readFails(m.resolve("model.safetensors")).getMessage().contains("unknown dtype Q4"));
    }

    /** The fixture's pytorch_model.bin with entries replaced ({@code edit} returns null to drop one). */
    static void rewriteZip(Path from, Path to, BiFunction<String, byte[], byte[]> edit) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> it = in.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = edit.apply(e.getName(), s.readAllBytes());
                }
                if (bytes == null) {
                    continue;
                }
                ZipEntry n = new ZipEntry(e.getName());
                n.setMethod(ZipEntry.STORED);
                n.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                n.setCrc(crc.getValue());
                out.putNextEntry(n);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    @Test
    void pickleWithAGlobalOutsideTheAllowListIsRefusedAndNeverRun(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("pwned");
        // protocol 2: GLOBAL os.system, the argument tuple, REDUCE, STOP: what a malicious checkpoint holds
        String cmd = "touch " + marker;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(new byte[]{(byte) 0x80, 2});
        p.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        p.write('X');
        byte[] c = cmd.getBytes(StandardCharsets.UTF_8);
        p.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(c.length).array());
        p.write(c);
        p.write(new byte[]{(byte) 0x85, 'R', '.'});
        Path bin = dir.resolve("pytorch_model.bin");
        rewriteZip(HfFixtures.BIN.resolve("pytorch_model.bin"), bin,
                (name, bytes) -> name.endsWith("data.pkl") ? p.toByteArray() : bytes);
        InputFormatException e = assertThrows(InputFormatException.class, () -> TorchCheckpoint.read(bin));
        assertNames(e, bin, "global 'os.system'", "not allowed", "pickle offset 2");
        assertFalse(Files.exists(marker));
    }

    @Test
    void zipWithoutDataPkl(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("pytorch_model.bin");
        rewriteZip(HfFixtures.BIN.resolve("pytorch_model.bin"), bin,
                (name, bytes) -> name.endsWith("data.pkl") ? null : bytes);
        assertNames(assertThrows(InputFormatException.class, () -> TorchCheckpoint.read(bin)), bin,
                "no data.pkl");
    }

    @Test
    void storageShorterThanItsTensor(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("pytorch_model.bin");
        // storage 0 holds the word embeddings [84, 32] (and, tied, the decoder weight)
        rewriteZip(HfFixtures.BIN.resolve("pytorch_model.bin"), bin,
                (name, bytes) -> name.endsWith("/data/0") ? java.util.Arrays.copyOf(bytes, bytes.length - 4) : bytes);
        assertNames(assertThrows(InputFormatException.class, () -> TorchCheckpoint.read(bin)), bin,
                "tensor bert.embeddings.word_embeddings.weight", "holds 2687 elements", "needs 2688");
    }

    @Test
    void truncatedLegacyCheckpoint(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(HfFixtures.LEGACY.resolve("pytorch_model.bin"));
        Path bin = dir.resolve("pytorch_model.bin");
        Files.write(bin, java.util.Arrays.copyOf(good, good.length - 10));
        assertNames(assertThrows(InputFormatException.class, () -> TorchCheckpoint.read(bin)), bin, "truncated");
    }

    @Test
    void configThatDoesNotMatchTheWeights(@TempDir Path dir) throws IOException {
        Path m = HfFixtures.copy(HfFixtures.SAFETENSORS, dir.resolve("m"));
        String config = Files.readString(m.resolve("config.json"));
        Files.writeString(m.resolve("config.json"), config.replace("\"intermediate_size\": 64",
                "\"intermediate_size\": 48"));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> TextEncoder.open(ModelFolder.open(m), null));
        // config.json named with its first disagreeing key (issue 24), not a page of mis-shaped variables
        assertEquals(m.resolve("config.json"), e.file());
        assertEquals(m.resolve("config.json") + " (key intermediate_size): says 48, but the weights' "
                + "bert/encoder/layer_0/intermediate/dense/kernel is [32, 64] (intermediate_size 64, in "
                + m.resolve("model.safetensors") + ")", e.getMessage());

        // and on the command line: one line, exit 2 (bad input), no output file
        Path out = dir.resolve("enc.json");
        StringWriter err = new StringWriter();
        CommandLine cli = Workbench.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int rc = cli.execute("encode", "--model", m.toString(), "--text", "the patient", "--out", out.toString());
        assertEquals(2, rc, "bad input");
        assertEquals("error: " + e.getMessage() + "\n", err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownTensorsAndBadConfigFieldsAreNamed(@TempDir Path dir) throws IOException {
        Path m = HfFixtures.copy(HfFixtures.SAFETENSORS, dir.resolve("m"));
        String config = Files.readString(m.resolve("config.json"));
        Files.writeString(m.resolve("config.json"), config.replace("\"gelu_new\"", "\"swish\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFolder.open(m));
        assertNames(e, m.resolve("config.json"), "field hidden_act", "unsupported hidden_act 'swish'");
        Files.writeString(m.resolve("config.json"), config.replace("\"layer_norm_eps\": 1e-12",
                "\"layer_norm_eps\": 1e-05"));
        assertNames(assertThrows(InputFormatException.class, () -> ModelFolder.open(m)), m.resolve("config.json"),
                "layer_norm_eps");
        Files.writeString(m.resolve("config.json"), config);
        Files.delete(m.resolve("model.safetensors"));
        assertNames(assertThrows(InputFormatException.class, () -> ModelFolder.open(m)), m, "no weights");
    }
}

package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors): an unsigned 64-bit little-endian header length N, N bytes of
 * JSON ({@code name -> {dtype, shape, data_offsets: [begin, end]}} plus an optional {@code __metadata__} map of
 * strings), then the raw little-endian tensor bytes, offsets relative to the end of the header. Reading checks
 * what the reference implementation checks: the header fits the file, every tensor's byte range lies in the data
 * area and has exactly the size its dtype and shape need, and no two ranges overlap.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** The reference implementation refuses headers over 100 MB: a corrupt length would otherwise allocate it. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** The tensors of {@code file}, in header order. The bytes are memory-mapped, not copied. */
    public static List<RawTensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new InputFormatException(file, "offset 0", "truncated safetensors file: " + size
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > size - 8) {
                throw new InputFormatException(file, "offset 0", "header length " + Long.toUnsignedString(headerLen)
                        + " runs past the end of the file (" + size + " bytes): truncated or not a safetensors file");
            }
            if (headerLen > MAX_HEADER) {
                throw new InputFormatException(file, "offset 0", "header length " + headerLen + " is over 100 MB");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new InputFormatException(file, "header", "header is not valid JSON: " + e.getOriginalMessage());
            }
            if (header == null || !header.isObject()) {
                throw new InputFormatException(file, "header", "header must be a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    continue;
                }
                entries.add(entry(file, f.getKey(), f.getValue(), dataSize));
            }
            List<Entry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(Entry::begin));
            for (int i = 1; i < byOffset.size(); i++) {
                Entry prev = byOffset.get(i - 1);
                Entry cur = byOffset.get(i);
                if (cur.begin < prev.end) {
                    throw new InputFormatException(file, "tensor " + cur.name, "data_offsets [" + cur.begin + ", "
                            + cur.end + "] overlap tensor " + prev.name + " [" + prev.begin + ", " + prev.end + "]");
                }
            }
            List<RawTensor> out = new ArrayList<>();
            for (Entry e : entries) {
                ByteBuffer bytes = e.end == e.begin ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, e.end - e.begin);
                out.add(new RawTensor(e.name, e.dtype, e.shape, bytes, file));
            }
            return out;
        }
    }

    private record Entry(String name, HfDtype dtype, long[] shape, long begin, long end) {
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataSize) {
        String where = "tensor " + name;
        if (!node.isObject()) {
            throw new InputFormatException(file, where, "header entry must be an object");
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new InputFormatException(file, where, "missing dtype");
        }
        HfDtype dtype = HfDtype.ofSafetensors(dt.textValue()).orElseThrow(() -> new InputFormatException(file, where,
                "unknown dtype " + dt.textValue()));
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new InputFormatException(file, where, "missing shape");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!sh.get(i).canConvertToLong() || sh.get(i).longValue() < 0) {
                throw new InputFormatException(file, where, "bad shape " + sh);
            }
            shape[i] = sh.get(i).longValue();
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).canConvertToLong()
                || !off.get(1).canConvertToLong()) {
            throw new InputFormatException(file, where, "data_offsets must be [begin, end]");
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new InputFormatException(file, where, "data_offsets [" + begin + ", " + end
                    + "] out of range: the data area holds " + dataSize + " bytes");
        }
        long expected;
        try {
            expected = Math.multiplyExact(RawTensor.numElements(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new InputFormatException(file, where, "shape " + sh + " is too large");
        }
        if (end - begin != expected) {
            throw new InputFormatException(file, where, "data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes but " + dtype + " " + sh + " needs " + expected);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    /**
     * Writes {@code tensors} (any float type, stored as F32, c order) and string {@code metadata} atomically.
     * The header is padded with spaces to a multiple of 8 bytes, as the reference writer does, so the data is aligned.
     */
    public static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        List<float[]> data = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            INDArray a = e.getValue().castTo(DataType.FLOAT).dup('c');
            float[] values = a.length() == 0 ? new float[0] : a.reshape(a.length()).toFloatVector();
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : a.shape()) {
                shape.add(d);
            }
            var offs = t.putArray("data_offsets");
            offs.add(offset);
            offset += 4L * values.length;
            offs.add(offset);
            data.add(values);
        }
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new LinkedHashMap<>(metadata).forEach(meta::put);
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        int padded = (headerBytes.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE) {
            throw new IOException("safetensors file over 2 GB: write shards instead");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(headerBytes);
        for (int i = headerBytes.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (float[] values : data) {
            for (float v : values) {
                out.putFloat(v);
            }
        }
        AtomicFiles.writeBytes(file, out.array());
    }
}

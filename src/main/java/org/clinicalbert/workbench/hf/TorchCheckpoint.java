package org.clinicalbert.workbench.hf;

import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code pytorch_model.bin}: a {@code torch.save}d state dict, read without Python. Both of torch's formats:
 * the zip archive of torch 1.6+ ({@code NAME/data.pkl} plus one raw little-endian file {@code NAME/data/KEY} per
 * storage) and the legacy stream (magic-number, protocol and system-info pickles, the state-dict pickle, the
 * list of storage keys, then each storage as an int64 element count and its bytes). The pickles go through
 * {@link TorchPickle}'s allow-list.
 */
public final class TorchCheckpoint {

    /** torch.serialization.MAGIC_NUMBER of the legacy format. */
    private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("119547037146038801333356");

    private TorchCheckpoint() {
    }

    /** The state dict's tensors, in the pickle's order; storages are checked to hold their tensors. */
    public static List<RawTensor> read(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream s = Files.newInputStream(file)) {
            if (s.readNBytes(head, 0, 4) < 4) {
                throw new InputFormatException(file, "offset 0", "file too short for a torch checkpoint");
            }
        }
        boolean zip = head[0] == 'P' && head[1] == 'K';
        return zip ? readZip(file) : readLegacy(file);
    }

    private static List<RawTensor> readZip(Path file) throws IOException {
        try (ZipFile zf = new ZipFile(file.toFile())) {
            ZipEntry pkl = null;
            for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
                ZipEntry z = e.nextElement();
                String n = z.getName();
                if (n.equals("data.pkl") || (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - 9)) {
                    if (pkl != null) {
                        throw new InputFormatException(file, n, "more than one data.pkl in the archive");
                    }
                    pkl = z;
                }
            }
            if (pkl == null) {
                throw new InputFormatException(file, null, "zip archive has no data.pkl: not a torch.save checkpoint");
            }
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Object root;
            try (InputStream s = zf.getInputStream(pkl)) {
                root = TorchPickle.load(ByteBuffer.wrap(s.readAllBytes()), file);
            }
            Map<String, ByteBuffer> storages = new HashMap<>();
            return tensors(file, root, ref -> storages.computeIfAbsent(ref.key(), k -> {
                ZipEntry z = zf.getEntry(prefix + "data/" + k);
                if (z == null) {
                    throw new InputFormatException(file, prefix + "data/" + k, "storage " + k
                            + " named by the pickle is missing from the archive");
                }
                try (InputStream s = zf.getInputStream(z)) {
                    return ByteBuffer.wrap(s.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        } catch (java.util.zip.ZipException e) {
            throw new InputFormatException(file, null, "not a readable zip archive: " + e.getMessage());
        }
    }

    private static List<RawTensor> readLegacy(Path file) throws IOException {
        ByteBuffer in;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            in = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        Object magic = TorchPickle.load(in, file);
        if (!(magic instanceof java.math.BigInteger m && m.equals(LEGACY_MAGIC))) {
            throw new InputFormatException(file, "offset 0", "neither a zip archive nor a legacy torch.save file");
        }
        TorchPickle.load(in, file);                       // protocol version
        TorchPickle.load(in, file);                       // sys_info: byte order and type sizes, little-endian assumed
        Object root = TorchPickle.load(in, file);
        Object keys = TorchPickle.load(in, file);
        if (!(keys instanceof List<?> keyList)) {
            throw new InputFormatException(file, "offset " + in.position(), "expected the list of storage keys");
        }
        Map<String, ByteBuffer> storages = new HashMap<>();
        Map<String, HfDtype> dtypes = new HashMap<>();
        // the dtypes of the storages come from the state-dict pickle: collect them first
        collectStorages(root, dtypes);
        for (Object k : keyList) {
            String key = String.valueOf(k);
            HfDtype dtype = dtypes.get(key);
            int at = in.position();
            if (in.remaining() < 8) {
                throw new InputFormatException(file, "offset " + at, "file ends before storage " + key);
            }
            long numel = in.getLong();
            long bytes = dtype == null ? -1 : numel * dtype.byteSize();
            if (dtype == null || numel < 0 || bytes > in.remaining()) {
                throw new InputFormatException(file, "offset " + at, "storage " + key + " of " + numel
                        + " elements runs past the end of the file (truncated)");
            }
            ByteBuffer b = in.slice(in.position(), (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            in.position(in.position() + (int) bytes);
            storages.put(key, b);
        }
        return tensors(file, root, ref -> {
            ByteBuffer b = storages.get(ref.key());
            if (b == null) {
                throw new InputFormatException(file, null, "storage " + ref.key() + " is not in the file");
            }
            return b;
        });
    }

    private static void collectStorages(Object root, Map<String, HfDtype> dtypes) {
        if (root instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (v instanceof TorchPickle.TensorRef t) {
                    dtypes.put(t.storage().key(), t.storage().dtype());
                }
            }
        }
    }

    private static List<RawTensor> tensors(Path file, Object root,
                                           java.util.function.Function<TorchPickle.StorageRef, ByteBuffer> storage) {
        if (!(root instanceof Map<?, ?> dict)) {
            throw new InputFormatException(file, "data.pkl", "the pickle holds " + describe(root)
                    + ", not a state dict");
        }
        List<RawTensor> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new InputFormatException(file, "data.pkl", "state dict key " + e.getKey() + " is not a string");
            }
            if (!(e.getValue() instanceof TorchPickle.TensorRef t)) {
                throw new InputFormatException(file, "tensor " + name, "state dict entry is "
                        + describe(e.getValue()) + ", not a tensor");
            }
            out.add(materialise(file, name, t, storage.apply(t.storage())));
        }
        return out;
    }

    /** The tensor's elements in c order, gathered through its offset and strides after a bounds check. */
    private static RawTensor materialise(Path file, String name, TorchPickle.TensorRef t, ByteBuffer storage) {
        int size = t.storage().dtype().byteSize();
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (stride.length != shape.length) {
            throw new InputFormatException(file, "tensor " + name, "size and stride differ in rank");
        }
        long numel = RawTensor.numElements(shape);
        long available = storage.capacity() / size;
        if (numel > 0) {
            long last = t.offset();
            for (int i = 0; i < shape.length; i++) {
                last += (shape[i] - 1) * stride[i];
            }
            if (t.offset() < 0 || last >= available) {
                throw new InputFormatException(file, "tensor " + name, "storage " + t.storage().key() + " holds "
                        + available + " elements but the tensor " + java.util.Arrays.toString(shape)
                        + " at offset " + t.offset() + " needs " + (last + 1));
            }
        }
        boolean contiguous = true;
        long expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expect) {
                contiguous = false;
            }
            expect *= shape[i];
        }
        ByteBuffer bytes;
        if (contiguous) {
            bytes = storage.slice((int) (t.offset() * size), (int) (numel * size));
        } else {
            bytes = ByteBuffer.allocate((int) (numel * size));
            long[] index = new long[shape.length];
            for (long n = 0; n < numel; n++) {
                long src = t.offset();
                for (int i = 0; i < shape.length; i++) {
                    src += index[i] * stride[i];
                }
                bytes.put(storage.slice((int) (src * size), size));
                for (int i = shape.length - 1; i >= 0 && ++index[i] == shape[i]; i--) {
                    index[i] = 0;
                }
            }
            bytes.flip();
        }
        return new RawTensor(name, t.storage().dtype(), shape, bytes, file);
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}

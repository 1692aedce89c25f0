package org.clinicalbert.workbench.hf;

import org.clinicalbert.workbench.io.InputFormatException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle interpreter for exactly what {@code torch.save(state_dict)} writes, and nothing more: dicts, lists,
 * tuples, strings, numbers, booleans, None, persistent storage ids, and calls of an allow-list of globals
 * ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter}, and the
 * {@code torch.*Storage} types as storage tags). Any other global (for example {@code os.system}) is refused by
 * name when its GLOBAL opcode is read, before anything could call it, and no Python object is ever constructed:
 * a safer reading than {@code torch.load}'s default, which imports and calls whatever the pickle names.
 */
final class TorchPickle {

    /** Globals the interpreter knows; their "calls" are interpreted, never executed. */
    private static final Set<String> CALLABLE = Set.of(
            "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state");

    /** A Python tuple (lists are {@link ArrayList}s, dicts {@link LinkedHashMap}s). */
    record Tuple(List<Object> items) {
    }

    /** A global name the pickle referenced (only allow-listed ones are ever created). */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A storage as a persistent id names it: its key (zip entry data/KEY), element type and element count. */
    record StorageRef(String key, HfDtype dtype, long numel) {
    }

    /** A tensor view of a storage, as {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)} describes it. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final Path file;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private TorchPickle(ByteBuffer in, Path file) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
    }

    /** Interprets one pickle starting at {@code in}'s position; leaves the position after its STOP. */
    static Object load(ByteBuffer in, Path file) {
        return new TorchPickle(in, file).run();
    }

    private InputFormatException error(int offset, String message) {
        return new InputFormatException(file, "pickle offset " + offset, message);
    }

    private Object run() {
        while (true) {
            if (!in.hasRemaining()) {
                throw error(in.position(), "pickle ends without STOP (truncated)");
            }
            int at = in.position();
            int op = in.get() & 0xff;
            try {
                switch (op) {
                    case 0x80 -> in.get();                                        // PROTO
                    case 0x95 -> in.getLong();                                    // FRAME
                    case '.' -> {                                                 // STOP
                        return pop(at);
                    }
                    case '(' -> {                                                 // MARK
                        stack.push(MARK);
                    }
                    case '}' -> stack.push(new LinkedHashMap<>());
                    case ']' -> stack.push(new ArrayList<>());
                    case ')' -> stack.push(new Tuple(List.of()));
                    case 't' -> stack.push(new Tuple(popMark(at)));
                    case 'l' -> stack.push(new ArrayList<>(popMark(at)));
                    case 'd' -> {
                        Map<Object, Object> d = new LinkedHashMap<>();
                        putAll(d, popMark(at), at);
                        stack.push(d);
                    }
                    case 0x85 -> stack.push(new Tuple(List.of(pop(at))));
                    case 0x86 -> {
                        Object b = pop(at);
                        Object a = pop(at);
                        stack.push(new Tuple(List.of(a, b)));
                    }
                    case 0x87 -> {
                        Object c = pop(at);
                        Object b = pop(at);
                        Object a = pop(at);
                        stack.push(new Tuple(List.of(a, b, c)));
                    }
                    case 'q' -> memo.put((long) (in.get() & 0xff), peek(at));          // BINPUT
                    case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek(at));         // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), peek(at));               // MEMOIZE
                    case 'h' -> stack.push(memoGet(in.get() & 0xff, at));             // BINGET
                    case 'j' -> stack.push(memoGet(in.getInt() & 0xffffffffL, at));   // LONG_BINGET
                    case 'X' -> stack.push(string(in.getInt() & 0xffffffffL, at));     // BINUNICODE
                    case 0x8c -> stack.push(string(in.get() & 0xff, at));             // SHORT_BINUNICODE
                    case 0x8d -> stack.push(string(in.getLong(), at));                // BINUNICODE8
                    case 'J' -> stack.push((long) in.getInt());                       // BININT
                    case 'K' -> stack.push((long) (in.get() & 0xff));                 // BININT1
                    case 'M' -> stack.push((long) (in.getShort() & 0xffff));          // BININT2
                    case 0x8a -> stack.push(long1(in.get() & 0xff, at));              // LONG1
                    case 'G' -> stack.push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT (big-endian)
                    case 'N' -> stack.push(None.NONE);
                    case 0x88 -> stack.push(Boolean.TRUE);
                    case 0x89 -> stack.push(Boolean.FALSE);
                    case 'c' -> stack.push(global(line(at), line(at), at));           // GLOBAL
                    case 0x93 -> {                                                      // STACK_GLOBAL
                        Object name = pop(at);
                        Object module = pop(at);
                        if (!(module instanceof String m) || !(name instanceof String n)) {
                            throw error(at, "STACK_GLOBAL needs two strings");
                        }
                        stack.push(global(m, n, at));
                    }
                    case 'Q' -> stack.push(persistent(pop(at), at));                  // BINPERSID
                    case 'R' -> {                                                       // REDUCE
                        Object args = pop(at);
                        Object callable = pop(at);
                        stack.push(reduce(callable, args, at));
                    }
                    case 'b' -> {                                                       // BUILD
                        Object state = pop(at);
                        Object target = peek(at);
                        // OrderedDict state_dicts carry a _metadata attribute (module versions): not needed
                        if (!(target instanceof Map) || !(state instanceof Map || state instanceof Tuple)) {
                            throw error(at, "BUILD is only accepted on a dict");
                        }
                    }
                    case 's' -> {                                                       // SETITEM
                        Object v = pop(at);
                        Object k = pop(at);
                        dict(peek(at), at).put(k, v);
                    }
                    case 'u' -> {                                                       // SETITEMS
                        List<Object> items = popMark(at);
                        putAll(dict(peek(at), at), items, at);
                    }
                    case 'a' -> {                                                       // APPEND
                        Object v = pop(at);
                        list(peek(at), at).add(v);
                    }
                    case 'e' -> {                                                       // APPENDS
                        List<Object> items = popMark(at);
                        list(peek(at), at).addAll(items);
                    }
                    default -> throw error(at, String.format("pickle opcode 0x%02x is not supported in a state dict",
                            op));
                }
            } catch (java.nio.BufferUnderflowException e) {
                throw error(at, "pickle truncated inside an opcode");
            } finally {
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** Python's None. */
    enum None { NONE }

    private Global global(String module, String name, int at) {
        String q = module + "." + name;
        boolean storage = module.equals("torch") && name.endsWith("Storage")
                && HfDtype.ofTorchStorage(name).isPresent();
        if (!CALLABLE.contains(q) && !storage) {
            throw error(at, "pickle refers to global '" + q + "', which is not allowed in a state dict (allowed: "
                    + "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, "
                    + "torch.*Storage); refusing to load it");
        }
        return new Global(module, name);
    }

    private Object persistent(Object pid, int at) {
        if (!(pid instanceof Tuple t) || t.items().size() < 5 || !"storage".equals(t.items().get(0))) {
            throw error(at, "unexpected persistent id " + pid);
        }
        List<Object> p = t.items();
        if (!(p.get(1) instanceof Global g) || HfDtype.ofTorchStorage(g.name()).isEmpty()) {
            throw error(at, "persistent id names no storage type: " + p.get(1));
        }
        if (p.size() > 5 && p.get(5) != None.NONE) {
            throw error(at, "storage views (legacy view_metadata) are not supported");
        }
        return new StorageRef(String.valueOf(p.get(2)), HfDtype.ofTorchStorage(g.name()).get(), asLong(p.get(4), at));
    }

    private Object reduce(Object callable, Object args, int at) {
        if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
            throw error(at, "REDUCE of " + callable + " is not supported");
        }
        List<Object> a = t.items();
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                if (!a.isEmpty()) {
                    throw error(at, "OrderedDict with arguments is not supported");
                }
                return new LinkedHashMap<>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (a.size() < 4 || !(a.get(0) instanceof StorageRef s)) {
                    throw error(at, "_rebuild_tensor_v2 needs (storage, offset, size, stride, ...)");
                }
                return new TensorRef(s, asLong(a.get(1), at), longs(a.get(2), at), longs(a.get(3), at));
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (a.isEmpty() || !(a.get(0) instanceof TensorRef tensor)) {
                    throw error(at, "_rebuild_parameter needs a tensor");
                }
                return tensor;
            }
            default -> throw error(at, "'" + g.qualified() + "' cannot be called");
        }
    }

    private long[] longs(Object o, int at) {
        if (!(o instanceof Tuple t)) {
            throw error(at, "expected a tuple of integers, got " + o);
        }
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(t.items().get(i), at);
        }
        return out;
    }

    private long asLong(Object o, int at) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw error(at, "expected an integer, got " + o);
    }

    private Object long1(int n, int at) {
        byte[] le = new byte[n];
        in.get(le);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String string(long length, int at) {
        if (length < 0 || length > in.remaining()) {
            throw error(at, "string of " + length + " bytes runs past the end of the pickle");
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String line(int at) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) {
                throw error(at, "GLOBAL name not terminated");
            }
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            sb.append((char) (b & 0xff));
        }
    }

    private void putAll(Map<Object, Object> d, List<Object> items, int at) {
        if (items.size() % 2 != 0) {
            throw error(at, "odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, int at) {
        if (o instanceof Map) {
            return (Map<Object, Object>) o;
        }
        throw error(at, "SETITEM(S) on a non-dict");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, int at) {
        if (o instanceof ArrayList) {
            return (List<Object>) o;
        }
        throw error(at, "APPEND(S) on a non-list");
    }

    private Object memoGet(long key, int at) {
        if (!memo.containsKey(key)) {
            throw error(at, "memo key " + key + " not defined");
        }
        return memo.get(key);
    }

    private Object pop(int at) {
        if (stack.isEmpty() || stack.peek() == MARK) {
            throw error(at, "stack underflow");
        }
        return stack.pop();
    }

    private Object peek(int at) {
        if (stack.isEmpty() || stack.peek() == MARK) {
            throw error(at, "stack underflow");
        }
        return stack.peek();
    }

    private List<Object> popMark(int at) {
        List<Object> items = new ArrayList<>();
        while (true) {
            if (stack.isEmpty()) {
                throw error(at, "no MARK on the stack");
            }
            Object o = stack.pop();
            if (o == MARK) {
                break;
            }
            items.add(0, o);
        }
        return items;
    }
}

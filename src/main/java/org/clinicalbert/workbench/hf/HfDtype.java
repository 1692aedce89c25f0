package org.clinicalbert.workbench.hf;

import java.util.Optional;

/**
 * Element types of safetensors files and PyTorch storages. Float32 is read as is and float16/bfloat16 are widened
 * to float32 on load; every other type is known by name so that it can be refused by name.
 */
public enum HfDtype {
    F32(4, "FloatStorage"),
    F16(2, "HalfStorage"),
    BF16(2, "BFloat16Storage"),
    F64(8, "DoubleStorage"),
    I64(8, "LongStorage"),
    I32(4, "IntStorage"),
    I16(2, "ShortStorage"),
    I8(1, "CharStorage"),
    U8(1, "ByteStorage"),
    BOOL(1, "BoolStorage");

    private final int byteSize;
    private final String torchStorage;

    HfDtype(int byteSize, String torchStorage) {
        this.byteSize = byteSize;
        this.torchStorage = torchStorage;
    }

    public int byteSize() {
        return byteSize;
    }

    /** float32, float16 and bfloat16: the types the workbench loads (as float32). */
    public boolean loadable() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The safetensors header code ("F32", "BF16", ...). */
    public static Optional<HfDtype> ofSafetensors(String code) {
        for (HfDtype d : values()) {
            if (d.name().equals(code)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The legacy storage class a torch checkpoint names, e.g. {@code torch.HalfStorage}. */
    public static Optional<HfDtype> ofTorchStorage(String className) {
        for (HfDtype d : values()) {
            if (d.torchStorage.equals(className)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Element {@code i} of little-endian {@code bytes} as a float (only for {@link #loadable()} types). */
    float readFloat(java.nio.ByteBuffer bytes, int i) {
        return switch (this) {
            case F32 -> bytes.getFloat(i * 4);
            case F16 -> halfToFloat(bytes.getShort(i * 2));
            // bfloat16 is the upper half of a float32
            case BF16 -> Float.intBitsToFloat((bytes.getShort(i * 2) & 0xffff) << 16);
            default -> throw new IllegalStateException(this + " is not loadable");
        };
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat arrived only in Java 20). */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: mantissa * 2^-24, exact in float32
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}

package org.clinicalbert.workbench.checkpoint;

/**
 * The TensorFlow dtypes (types.proto DataType numbers) a checkpoint entry may name. Only FLOAT and INT64
 * are read as values (BERT checkpoints hold nothing else); the others are named so listings stay readable.
 */
public enum TfDataType {
    FLOAT(1, "float32", 4),
    DOUBLE(2, "float64", 8),
    INT32(3, "int32", 4),
    UINT8(4, "uint8", 1),
    INT16(5, "int16", 2),
    INT8(6, "int8", 1),
    STRING(7, "string", -1),
    INT64(9, "int64", 8),
    BOOL(10, "bool", 1),
    BFLOAT16(14, "bfloat16", 2),
    HALF(19, "float16", 2),
    UNKNOWN(-1, "unknown", -1);

    private final int number;
    private final String displayName;
    private final int byteSize;

    TfDataType(int number, String displayName, int byteSize) {
        this.number = number;
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    public static TfDataType fromNumber(int number) {
        for (TfDataType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return UNKNOWN;
    }

    public int number() {
        return number;
    }

    /** Bytes per element, or -1 for variable-length (string) or unknown types. */
    public int byteSize() {
        return byteSize;
    }

    @Override
    public String toString() {
        return displayName;
    }
}

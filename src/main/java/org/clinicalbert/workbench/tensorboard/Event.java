package org.clinicalbert.workbench.tensorboard;

import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.CodedOutputStream;
import org.nd4j.shade.protobuf.WireFormat;
import org.tensorflow.framework.Summary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One record of an event file: TensorBoard's {@code Event} message (tensorflow/core/util/event.proto) with the three
 * parts the workbench writes: wall time, step, and either the file version or a {@code Summary}.
 *
 * <p>{@code Summary} is the generated class nd4j-api ships (tensorflow/core/framework/summary.proto, with ND4J's
 * shaded protobuf); nd4j-api does not ship {@code Event}, so its fields are written and read here by their numbers
 * in event.proto (wall_time = 1 double, step = 2 int64, file_version = 3 string, summary = 5 message) with that same
 * protobuf runtime's coded streams. Other fields of events written by TensorFlow (graphs, session logs) are skipped
 * when read.
 *
 * @param fileVersion "brain.Event:2" in a file's first record, else null
 * @param summary     the values of this step, or null
 */
public record Event(double wallTime, long step, String fileVersion, Summary summary) {

    /** What TensorFlow's EventsWriter writes as the first record of every file. */
    public static final String FILE_VERSION = "brain.Event:2";

    private static final int WALL_TIME = 1;
    private static final int STEP = 2;
    private static final int FILE_VERSION_FIELD = 3;
    private static final int SUMMARY = 5;

    public static Event fileVersion(double wallTime) {
        return new Event(wallTime, 0, FILE_VERSION, null);
    }

    public static Event summary(double wallTime, long step, Summary summary) {
        return new Event(wallTime, step, null, summary);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeDouble(WALL_TIME, wallTime);
            if (step != 0) {
                out.writeInt64(STEP, step);
            }
            if (fileVersion != null) {
                out.writeString(FILE_VERSION_FIELD, fileVersion);
            }
            if (summary != null) {
                out.writeMessage(SUMMARY, summary);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** Parses one record's payload; throws the protobuf runtime's IOException when it is not an Event. */
    public static Event decode(byte[] payload) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(payload);
        double wallTime = 0;
        long step = 0;
        String version = null;
        Summary summary = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case WALL_TIME -> wallTime = in.readDouble();
                case STEP -> step = in.readInt64();
                case FILE_VERSION_FIELD -> version = in.readString();
                case SUMMARY -> summary = Summary.parseFrom(in.readBytes());
                default -> in.skipField(tag);
            }
        }
        return new Event(wallTime, step, version, summary);
    }
}

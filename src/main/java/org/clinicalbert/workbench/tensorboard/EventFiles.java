package org.clinicalbert.workbench.tensorboard;

import org.clinicalbert.workbench.checkpoint.TfRecordReader;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Event files on disk: which file a folder holds, and its events read back. */
public final class EventFiles {

    /** The name TensorFlow's EventsWriter gives its files, and which TensorBoard looks for. */
    public static final String PREFIX = "events.out.tfevents.";

    private EventFiles() {
    }

    /**
     * The events of one file, in order.
     *
     * @param damagedTail where the file stops being readable (a record cut short by a killed process, or a CRC that
     *                    does not match), or null when every record was whole; TensorBoard stops reading there too
     */
    public record Contents(List<Event> events, String damagedTail) {
    }

    /** The folder's event file (the last by name when there are several), if it has one. */
    public static Optional<Path> find(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(f))
                    .max(Path::compareTo);
        }
    }

    public static Contents read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (TfRecordReader records = new TfRecordReader(file)) {
            for (byte[] payload = records.next(); payload != null; payload = records.next()) {
                events.add(Event.decode(payload));
            }
        } catch (InputFormatException e) {
            return new Contents(events, e.getMessage());
        }
        return new Contents(events, null);
    }
}

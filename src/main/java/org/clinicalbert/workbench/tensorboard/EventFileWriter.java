package org.clinicalbert.workbench.tensorboard;

import org.clinicalbert.workbench.checkpoint.TfRecordWriter;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.framework.Summary;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Appends events to a folder's one event file. A folder that has one already (a resumed run) keeps its events up to
 * the step it continues from and goes on in the same file: the steps redone after that step are not in it twice, so
 * TensorBoard draws one unbroken curve. Events are buffered and reach the operating system at {@link #flush()} (the
 * run calls it at every checkpoint) and {@link #close()}.
 */
public final class EventFileWriter implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EventFileWriter.class);

    private final Path file;
    private final FileChannel channel;
    private final OutputStream out;
    private final TfRecordWriter records;
    private final boolean created;

    private EventFileWriter(Path file, boolean created) throws IOException {
        this.file = file;
        this.created = created;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        this.records = new TfRecordWriter(out);
    }

    /**
     * The writer of {@code dir}'s event file. A new file starts with the file-version record; an existing one is
     * first cut back to the events of steps up to {@code keepThroughStep} (rewritten atomically when anything goes).
     */
    public static EventFileWriter open(Path dir, long keepThroughStep) throws IOException {
        Files.createDirectories(dir);
        Optional<Path> existing = EventFiles.find(dir);
        if (existing.isEmpty()) {
            Path file = dir.resolve(EventFiles.PREFIX + System.currentTimeMillis() / 1000 + "." + host());
            EventFileWriter w = new EventFileWriter(file, true);
            w.write(Event.fileVersion(now()));
            return w;
        }
        Path file = existing.get();
        EventFiles.Contents read = EventFiles.read(file);
        List<Event> kept = read.events().stream().filter(e -> e.step() <= keepThroughStep).toList();
        if (read.damagedTail() != null) {
            log.warn("{}: {}; the events before it are kept", file, read.damagedTail());
        }
        if (kept.size() < read.events().size() || read.damagedTail() != null) {
            AtomicFiles.write(file, o -> {
                TfRecordWriter w = new TfRecordWriter(o);
                for (Event e : kept) {
                    w.write(e.encode());
                }
            });
        }
        return new EventFileWriter(file, false);
    }

    /**
     * A whole event file of records that are all rewritten together (the HParams records of a sweep and its
     * candidates): the file-version record, then each summary at {@code step}, replacing the file atomically.
     */
    public static void writeWhole(Path file, long step, List<Summary> summaries) throws IOException {
        AtomicFiles.write(file, o -> {
            TfRecordWriter w = new TfRecordWriter(o);
            w.write(Event.fileVersion(now()).encode());
            for (Summary s : summaries) {
                w.write(Event.summary(now(), step, s).encode());
            }
        });
    }

    public Path file() {
        return file;
    }

    /** Whether {@link #open} started the file (false: it continues one a killed run left). */
    public boolean created() {
        return created;
    }

    /** One event with {@code summary}'s values at {@code step}. */
    public void write(long step, Summary summary) throws IOException {
        write(Event.summary(now(), step, summary));
    }

    private void write(Event e) throws IOException {
        records.write(e.encode());
    }

    /** Everything written so far handed to the operating system and forced to the disk. */
    public void flush() throws IOException {
        out.flush();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            flush();
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** TensorFlow names event files after the host, so that several machines can log into one folder. */
    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}

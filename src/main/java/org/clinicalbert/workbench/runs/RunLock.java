package org.clinicalbert.workbench.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.UserInputException;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A run folder has one owner: {@code run.lock} holds an operating-system lock for as long as the owning process
 * lives, and says who that is (PID, host, start time) for the user and for {@code workbench status}. The OS releases
 * the lock when its process dies however it dies (kill -9 included), so a lock file left behind by a dead process is
 * recognised by the lock being free and is taken over with a message; a live owner makes a second process fail.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = "run.lock";
    private static final ObjectMapper JSON = Json.MAPPER;

    /** Who holds (or last held) a run folder's lock. */
    public record Owner(long pid, String host, String started) {
        @Override
        public String toString() {
            return "process " + pid + " on " + host + " (started " + started + ")";
        }

        /** Whether this owner is a live process on this machine (a foreign host cannot be checked: assumed live). */
        public boolean alive() {
            return !host.equals(thisHost()) || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private final Path file;
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, Path dir, FileChannel channel, FileLock lock) {
        this.file = file;
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code dir}'s lock for this process.
     *
     * @param notice told when a dead process's lock is taken over
     * @throws FolderInUseException naming the owner when another live process holds it
     */
    public static RunLock acquire(Path dir, Consumer<String> notice) throws IOException {
        Files.createDirectories(dir);
        return acquire(dir.resolve(FILE), dir, notice, "two processes must not write one run folder (wait for it to "
                + "end, or stop it and --resume)");
    }

    /**
     * Takes the lock of an output folder whose contents are all output ({@code mimic format}, {@code pretrain-data},
     * {@code pretrain}): the lock file lies beside it, {@code .<name>.lock}, so that the folder holds only what the
     * job writes and a job that fails before writing anything leaves no folder. The rules are those of
     * {@link #acquire(Path, Consumer)}.
     */
    public static RunLock acquireBeside(Path outDir, Consumer<String> notice) throws IOException {
        Path file = besideFile(outDir);
        Files.createDirectories(file.getParent());
        return acquire(file, outDir, notice, "two processes must not "
                + "write one output folder (wait for it to end, or stop it and run again)");
    }

    /** Who holds or last held the lock of an output folder locked with {@link #acquireBeside}. */
    public static Optional<Owner> ownerBeside(Path outDir) {
        return readOwner(besideFile(outDir));
    }

    private static Path besideFile(Path outDir) {
        if (org.clinicalbert.workbench.io.ResultsLocation.isUri(outDir.toString())) {
            // every output folder locked this way (mimic format, pretrain-data, pretrain) is written with Java file
            // I/O: a URI would become a local folder named after its scheme
            throw new UserInputException(outDir + " is a Hadoop file system URI: this command writes to a local "
                    + "or mounted path");
        }
        Path abs = outDir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new org.clinicalbert.workbench.io.InputFormatException(outDir, null,
                    "the root folder cannot be an output folder");
        }
        return parent.resolve("." + abs.getFileName() + ".lock");
    }

    private static RunLock acquire(Path file, Path dir, Consumer<String> notice, String rule) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (another run in the same JVM)
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            Optional<Owner> owner = readOwner(file);
            channel.close();
            throw new FolderInUseException(dir + ": in use by " + owner.map(Owner::toString).orElse("another process")
                    + "; " + rule);
        }
        Optional<Owner> previous = readOwner(file);
        previous.ifPresent(o -> notice.accept(dir + ": taking over the lock of " + o + ", which is no longer running"));
        Owner me = new Owner(ProcessHandle.current().pid(), thisHost(), Instant.now().toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", me.pid());
        json.put("host", me.host());
        json.put("started", me.started());
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        return new RunLock(file, dir, channel, lock);
    }

    /** Who holds or last held {@code dir}'s lock; empty when there is no (readable) lock file. */
    public static Optional<Owner> owner(Path dir) {
        return readOwner(dir.resolve(FILE));
    }

    private static Optional<Owner> readOwner(Path f) {
        try {
            if (!Files.exists(f) || Files.size(f) == 0) {
                return Optional.empty();
            }
            var n = JSON.readTree(Files.readAllBytes(f));
            return Optional.of(new Owner(n.path("pid").asLong(), n.path("host").asText("?"), n.path("started").asText("?")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The folder whose lock this is (for a new run folder: where it was moved to). */
    public Path dir() {
        return dir;
    }

    /**
     * The same held lock after its folder was renamed to {@code newDir} (the OS lock follows the file): how a new
     * run folder is made under a hidden name, locked, then given its id, never visible unlocked.
     */
    RunLock movedTo(Path newDir) {
        return new RunLock(newDir.resolve(file.getFileName()), newDir, channel, lock);
    }

    /**
     * Another live process holds the folder: the user started a second process on it. Bad input (exit 2): the
     * user fixes it by waiting for the other or stopping it.
     */
    public static final class FolderInUseException extends UserInputException {
        FolderInUseException(String message) {
            super(message);
        }
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Releases the lock and removes the file: the folder is free. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}

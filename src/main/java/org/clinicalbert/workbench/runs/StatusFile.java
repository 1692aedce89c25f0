package org.clinicalbert.workbench.runs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The {@code status.json} of a folder this process owns, kept current as the work goes on. Once the work ended
 * (finished, failed, or interrupted by a signal) the file is final: whichever of the normal end and the signal
 * handler comes first decides, so the two never race into a mixed or reversed state.
 */
public final class StatusFile {

    private static final Logger log = LoggerFactory.getLogger(StatusFile.class);

    /** While open, a signal ends the status as interrupted; closing gives that back to the normal end. */
    public interface SignalGuard extends AutoCloseable {
        @Override
        void close();
    }

    private final Path dir;
    private RunStatus current;
    private boolean ended;

    private StatusFile(Path dir, RunStatus initial) {
        this.dir = dir;
        this.current = initial;
    }

    /** Writes {@code initial} into {@code dir} and keeps it from here on. */
    public static StatusFile start(Path dir, RunStatus initial) throws IOException {
        initial.write(dir);
        return new StatusFile(dir, initial);
    }

    /**
     * Progress kept in memory only: one fold of a cross-validated run trained as its own (Spark) task, where the
     * run folder's status.json belongs to the driver that started the folds.
     */
    public static StatusFile unwritten(RunStatus initial) {
        return new StatusFile(null, initial);
    }

    public Path dir() {
        return dir;
    }

    public synchronized RunStatus current() {
        return current;
    }

    /** Rewrites the status while the work goes on; ignored once it ended. */
    public synchronized void update(UnaryOperator<RunStatus> change) {
        if (ended) {
            return;
        }
        current = change.apply(current);
        if (dir == null) {
            return;
        }
        try {
            current.write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The final state; false (and nothing written) when the work had already ended, e.g. by a signal. */
    public synchronized boolean end(RunState state, String message) throws IOException {
        if (ended) {
            return false;
        }
        ended = true;
        current = current.withState(state, message);
        if (dir != null) {
            current.write(dir);
        }
        return true;
    }

    /**
     * Until closed, SIGTERM or SIGINT (which run the JVM's shutdown hooks; kill -9 does not) end the status as
     * {@code interrupted}, naming the last checkpoint and the command that resumes. The process then exits with
     * the signal's non-zero code (143, 130) as it would anyway.
     */
    public SignalGuard interruptOnSignal() {
        Thread hook = new Thread(() -> {
            try {
                RunStatus s = current();
                String at = s.lastCheckpointStep() == null ? "no checkpoint yet (resuming starts over)"
                        : "last checkpoint at step " + s.lastCheckpointStep();
                if (end(RunState.INTERRUPTED, "stopped by a signal; " + at
                        + (s.resume() == null ? "" : "; resume with: " + s.resume()))) {
                    System.err.println("interrupted: " + dir + ": " + at
                            + (s.resume() == null ? "" : "; resume with: " + s.resume()));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not record the interruption in {}: {}", dir, e.toString());
            }
        }, "status-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it decides the final state
            }
        };
    }
}

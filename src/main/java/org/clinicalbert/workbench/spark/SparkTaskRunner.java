package org.clinicalbert.workbench.spark;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.clinicalbert.workbench.io.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs independent {@link SparkTask}s on a Spark cluster and hands each outcome to the driver as it ends: the
 * service a sweep, a cross-validated run and a study all use.
 *
 * <p>Each task is its own Spark job (a one-element RDD mapped by {@link TaskExecution}): Spark retries a failed
 * attempt up to {@code spark.task.maxFailures} times, and a task that still fails aborts only its own job, so it is
 * reported as a failed outcome while the other tasks go on (tasks in one job would all be cancelled). Jobs are
 * started as slots free up, at most {@code maxInFlight} at a time, so that a deadline can stop new work from
 * starting and a callback can queue follow-up tasks (a candidate's summary after its folds). Callbacks run on the
 * driver thread that called {@link #awaitAll()}, one at a time, in the order tasks end.
 *
 * <p>A task that finds a path it needs missing on its executor ({@link ExecutorPaths}) ends the whole command: no
 * retry or other task would find it either, so {@link #awaitAll()} cancels the other jobs and throws that one line
 * as a {@link UserInputException} (exit 2), with no stack trace and no further attempts.
 */
public final class SparkTaskRunner {

    private static final Logger log = LoggerFactory.getLogger(SparkTaskRunner.class);
    private static final long POLL_MILLIS = 100;

    private final JavaSparkContext sc;
    private final int maxInFlight;
    private final Deque<Queued<?>> queue = new ArrayDeque<>();
    private final List<Running<?>> running = new ArrayList<>();
    private final Clock clock;
    private Instant deadline;

    /** @param maxInFlight jobs submitted at once (the cluster's task slots: more would only wait in Spark's queue) */
    public SparkTaskRunner(JavaSparkContext sc, int maxInFlight) {
        this(sc, maxInFlight, Clock.systemUTC());
    }

    /** @param clock what the deadline is measured against (tests move it instead of waiting) */
    public SparkTaskRunner(JavaSparkContext sc, int maxInFlight, Clock clock) {
        this.sc = sc;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.clock = clock;
    }

    /** Tasks not started by then are dropped (a sweep's time limit); null: no limit. */
    public void deadline(Instant deadline) {
        this.deadline = deadline;
    }

    /** Tasks not started within {@code limit} from now, by this runner's clock, are dropped. */
    public void deadlineIn(Duration limit) {
        this.deadline = clock.instant().plus(limit);
    }

    /**
     * Queues a task.
     *
     * @param started called on the driver when the task's job is submitted (may be null)
     * @param ended   called on the driver with the outcome
     */
    public <R extends Serializable> void submit(SparkTask<R> task, Runnable started, Consumer<TaskOutcome<R>> ended) {
        queue.add(new Queued<>(task, started, ended, true));
    }

    /** Queues a task that finishes started work (a candidate's summary after its folds): the deadline spares it. */
    public <R extends Serializable> void submitFollowUp(SparkTask<R> task, Consumer<TaskOutcome<R>> ended) {
        queue.addFirst(new Queued<>(task, null, ended, false));
    }

    /**
     * Runs every queued task (and those the callbacks queue) to its end; returns the tasks dropped by the deadline.
     *
     * @throws UserInputException a task's path is missing on its executor (the other tasks are cancelled)
     */
    public List<SparkTask<?>> awaitAll() throws InterruptedException {
        try {
            return runAll();
        } catch (UserInputException e) {
            for (Running<?> r : running) {
                r.future().cancel(true);
            }
            running.clear();
            queue.clear();
            throw e;
        }
    }

    private List<SparkTask<?>> runAll() throws InterruptedException {
        List<SparkTask<?>> dropped = new ArrayList<>();
        while (!queue.isEmpty() || !running.isEmpty()) {
            while (!queue.isEmpty() && running.size() < maxInFlight) {
                Queued<?> q = queue.poll();
                if (q.droppable() && deadline != null && !clock.instant().isBefore(deadline)) {
                    dropped.add(q.task());
                    continue;
                }
                running.add(start(q));
            }
            boolean any = false;
            for (Iterator<Running<?>> it = running.iterator(); it.hasNext(); ) {
                Running<?> r = it.next();
                if (r.future().isDone()) {
                    it.remove();
                    r.finish();
                    any = true;
                }
            }
            if (!any) {
                Thread.sleep(POLL_MILLIS);
            }
        }
        return dropped;
    }

    private <R extends Serializable> Running<R> start(Queued<R> q) {
        if (q.started() != null) {
            q.started().run();
        }
        sc.setJobDescription(q.task().describe());
        JavaFutureAction<List<TaskExecution.Reply<R>>> future = sc.parallelize(List.of(q.task()), 1)
                .map(TaskExecution::execute)
                .collectAsync();
        return new Running<>(q, future, System.nanoTime());
    }

    private record Queued<R extends Serializable>(SparkTask<R> task, Runnable started,
                                                   Consumer<TaskOutcome<R>> ended, boolean droppable) {
    }

    private record Running<R extends Serializable>(Queued<R> q, JavaFutureAction<List<TaskExecution.Reply<R>>> future,
                                                   long startNanos) {
        void finish() throws InterruptedException {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            TaskOutcome<R> outcome;
            try {
                TaskExecution.Reply<R> reply = future.get().get(0);
                if (reply.missingPath() != null) {
                    throw new UserInputException(reply.missingPath());
                }
                outcome = new TaskOutcome<>(q.task(), reply.result(), null, seconds);
            } catch (ExecutionException e) {
                log.warn("{} failed after Spark's retries", q.task().describe(), e.getCause());
                outcome = new TaskOutcome<>(q.task(), null, SparkErrors.message(e), seconds);
            }
            q.ended().accept(outcome);
        }
    }
}

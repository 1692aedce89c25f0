package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunLock;

import java.nio.file.Path;

/** A second process for {@link RunLockTest}: takes a run folder's lock, says so, and holds it until killed. */
public final class RunLockHolder {

    public static void main(String[] args) throws Exception {
        RunLock lock = RunLock.acquire(Path.of(args[0]), System.out::println);
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}

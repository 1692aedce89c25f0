package org.clinicalbert.workbench.spark;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * How a task's paths map onto a {@link ResultsStore}: the driver runs the sweep (or run) in a local staging folder,
 * {@code driverRoot}, that stands for the store's root, so the paths in a task (its {@code output.dir}, a fold's run
 * folder) are driver paths under it. Their part below {@code driverRoot} is their place in the store, and on the
 * executor the place in the task's own staging folder.
 */
public record StoreBinding(ResultsStore store, String driverRoot) implements Serializable {

    /** {@code driverPath}'s path relative to the root, '/'-separated ("" for the root itself). */
    public String rel(String driverPath) {
        Path root = Path.of(driverRoot);
        Path p = Path.of(driverPath).toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(driverPath + " is not under the staging folder " + driverRoot
                    + " of " + store.root());
        }
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    /** The store URI a driver path stands for. */
    public String uri(String driverPath) {
        return store.uri(rel(driverPath));
    }
}

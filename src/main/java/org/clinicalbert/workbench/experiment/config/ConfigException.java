package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;
import org.clinicalbert.workbench.io.InputFormatException;

/**
 * A bad experiment config or model registry: names the file and the key path ({@code key train.lr}) or the
 * command-line override ({@code --set train.lr=x}) at fault.
 */
public class ConfigException extends InputFormatException {

    private final String keyPath;

    public ConfigException(Path file, String keyPath, String message) {
        this(file, keyPath == null ? null : "key " + keyPath, keyPath, message, null);
    }

    ConfigException(Path file, String location, String keyPath, String message, Throwable cause) {
        super(file, location, message, cause);
        this.keyPath = keyPath;
    }

    /** Dotted key path at fault, e.g. {@code train.lr}; null when the whole file is at fault. */
    public String keyPath() {
        return keyPath;
    }
}

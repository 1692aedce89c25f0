package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.io.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which Python runs the PyTorch baseline. Researchers compare with the torch they install (the 2.x CPU wheel in a
 * virtual environment: {@code python3 -m venv VENV && VENV/bin/pip install torch}), so an interpreter named by
 * {@code --python} or by {@link #ENV} is used as given, and one that cannot import torch is the user's mistake.
 * Otherwise the first of {@link #SEARCHED} that imports torch is taken (Debian's {@code python3-torch} lives in
 * {@code /usr/bin/python3}), and none is a note: the workbench figures stand alone.
 *
 * @param path   the interpreter, null when none was found
 * @param source how it was chosen ({@code --python}, the environment variable, or the search), or why none was
 */
public record TorchPython(Path path, String source) {

    /** The environment variable naming the interpreter when {@code --python} is not given. */
    public static final String ENV = "WORKBENCH_TORCH_PYTHON";
    /** Tried in order when neither {@code --python} nor {@link #ENV} names one. */
    public static final List<String> SEARCHED = List.of("/usr/bin/python3", "python3");
    static final String VENV_HINT = "make one with: python3 -m venv VENV && VENV/bin/pip install torch, "
            + "then --python VENV/bin/python";

    public boolean found() {
        return path != null;
    }

    /**
     * {@code option} if given, else {@code env}'s {@link #ENV}, else the search.
     *
     * @throws IllegalArgumentException when the named interpreter is missing or cannot import torch
     */
    public static TorchPython resolve(Path option, Map<String, String> env) throws InterruptedException {
        if (option != null) {
            return named(option, "--python");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return named(Path.of(fromEnv), ENV);
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : SEARCHED) {
            Path p = candidate.contains("/") ? Path.of(candidate) : onPath(candidate, env.get("PATH"));
            if (p != null && Files.isExecutable(p) && importsTorch(p)) {
                return new TorchPython(p, "found (" + String.join(", ", SEARCHED) + " searched)");
            }
            tried.add(candidate);
        }
        return new TorchPython(null, "torch baseline skipped: no Python with torch among " + tried + " ("
                + VENV_HINT + ", or set " + ENV + ")");
    }

    private static TorchPython named(Path python, String how) throws InterruptedException {
        if (!Files.isRegularFile(python) || !Files.isExecutable(python)) {
            throw new UserInputException(how + " " + python + ": no such executable (" + VENV_HINT + ")");
        }
        if (!importsTorch(python)) {
            throw new UserInputException(how + " " + python + " cannot import torch (" + VENV_HINT + ")");
        }
        return new TorchPython(python, how);
    }

    private static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Whether {@code python -c "import torch"} succeeds within two minutes. */
    static boolean importsTorch(Path python) throws InterruptedException {
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(2, TimeUnit.MINUTES)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}

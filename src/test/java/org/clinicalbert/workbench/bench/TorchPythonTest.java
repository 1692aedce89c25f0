package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interpreter choice, with stand-in interpreters (shell scripts) that do or do not "import torch". */
class TorchPythonTest {

    @TempDir
    Path dir;

    @Test
    void theOptionWinsOverTheEnvironmentVariable() throws Exception {
        Path option = fakePython("option", 0);
        Path env = fakePython("env", 0);
        TorchPython p = TorchPython.resolve(option, Map.of(TorchPython.ENV, env.toString()));
        assertEquals(option, p.path());
        assertEquals("--python", p.source());
    }

    @Test
    void theEnvironmentVariableWinsOverTheSearch() throws Exception {
        Path env = fakePython("env", 0);
        TorchPython p = TorchPython.resolve(null, Map.of(TorchPython.ENV, env.toString()));
        assertEquals(env, p.path());
        assertEquals(TorchPython.ENV, p.source());
    }

    @Test
    void aNamedInterpreterThatCannotImportTorchIsTheUsersMistake() throws Exception {
        Path broken = fakePython("broken", 1);
        UserInputException e = assertThrows(UserInputException.class,
                () -> TorchPython.resolve(broken, Map.of()));
        assertTrue(e.getMessage().contains("cannot import torch") && e.getMessage().contains("pip install torch"),
                e.getMessage());
        UserInputException missing = assertThrows(UserInputException.class,
                () -> TorchPython.resolve(null, Map.of(TorchPython.ENV, dir.resolve("nope").toString())));
        assertTrue(missing.getMessage().startsWith(TorchPython.ENV + " "), missing.getMessage());
    }

    /** A script that exits with {@code code} whatever it is asked (as python -c "import torch" would). */
    private Path fakePython(String name, int code) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit " + code + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}

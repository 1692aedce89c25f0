package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkbenchHelpTest {

    @Test
    void helpListsEveryRegisteredSubcommand() {
        var cmd = Workbench.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("--help"));
        String help = out.toString();
        assertTrue(help.startsWith("Usage: workbench"), help);
        for (String name : cmd.getSubcommands().keySet()) {
            assertTrue(help.contains(name), "help should list " + name + ":\n" + help);
        }
    }
}

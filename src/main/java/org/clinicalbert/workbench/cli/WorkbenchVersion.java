package org.clinicalbert.workbench.cli;

import picocli.CommandLine;

/** Version line from the jar manifest (or "dev" when run from classes). */
public final class WorkbenchVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Workbench.class.getPackage().getImplementationVersion();
        return new String[]{"clinical-bert-workbench " + (v == null ? "dev" : v)
                + " (DL4J 1.0.0-M2.1, Java " + System.getProperty("java.version") + ")"};
    }
}

package org.clinicalbert.workbench.runtime;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes the test JVM load the nd4j-native build {@code ./workbench} would on this CPU, before any test touches
 * ND4J (registered in META-INF/services).
 */
public final class NativeBuildSelection implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBuild.select();
    }
}

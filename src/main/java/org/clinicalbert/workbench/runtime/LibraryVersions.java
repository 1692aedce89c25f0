package org.clinicalbert.workbench.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions of the code that ran, read from the class path rather than written into the source: a library's
 * Maven descriptor ({@code META-INF/maven/<group>/<artifact>/pom.properties}, which Maven puts in every jar it
 * builds), else the jar manifest's {@code Implementation-Version}. Null for what is not there (the workbench run
 * from {@code target/classes} has no descriptor; its git commit identifies it instead).
 */
public final class LibraryVersions {

    /** The workbench's own Maven coordinates. */
    public static final String WORKBENCH = "org.clinicalbert:clinical-bert-workbench";
    /** The libraries whose version decides the numbers a run produces. */
    public static final String[] LIBRARIES = {
            "org.nd4j:nd4j-api", "org.nd4j:nd4j-native", "org.deeplearning4j:deeplearning4j-nlp",
            "org.datavec:datavec-api", "org.deeplearning4j:arbiter-core", "com.fasterxml.jackson.core:jackson-databind"};

    private LibraryVersions() {
    }

    /** {@code group:artifact}'s version from its pom.properties on the class path, or null. */
    public static String of(String coordinates) {
        String[] ga = coordinates.split(":");
        URL url = LibraryVersions.class.getClassLoader()
                .getResource("META-INF/maven/" + ga[0] + "/" + ga[1] + "/pom.properties");
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        return p.getProperty("version");
    }

    /** The workbench's version: its Maven descriptor, else its manifest, else null. */
    public static String workbench() {
        String v = of(WORKBENCH);
        return v != null ? v : LibraryVersions.class.getPackage().getImplementationVersion();
    }

    /** {@link #LIBRARIES} and the Java runtime, each with its version (null where absent). */
    public static Map<String, String> libraries() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String lib : LIBRARIES) {
            out.put(lib, of(lib));
        }
        out.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        return out;
    }
}

package org.clinicalbert.workbench.io;

import java.util.regex.Pattern;

/**
 * Tells a results location given as a Hadoop file system URI ({@code file:/data/x}, {@code hdfs://nn:8020/x},
 * {@code s3a://bucket/x}) from a local path. Kept free of Spark and Hadoop types so that the commands can ask before
 * they know Spark is on the class path (a URI without {@code --spark} is a usage error, not a missing class).
 */
public final class ResultsLocation {

    /** A scheme of two or more characters then a colon: "C:\x" (a drive letter) stays a path. */
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

    private ResultsLocation() {
    }

    public static boolean isUri(String location) {
        return location != null && URI.matcher(location).matches();
    }
}

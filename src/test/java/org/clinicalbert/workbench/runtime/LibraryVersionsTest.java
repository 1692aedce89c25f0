package org.clinicalbert.workbench.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryVersionsTest {

    @Test
    void versionsComeFromTheClassPathAndAgreeWithThePom() throws Exception {
        Matcher m = Pattern.compile("<dl4j.version>([^<]+)</dl4j.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find());
        assertEquals(m.group(1), LibraryVersions.of("org.nd4j:nd4j-api"));
        assertEquals(m.group(1), LibraryVersions.libraries().get("org.nd4j:nd4j-api"));
        assertTrue(LibraryVersions.libraries().get("java").contains(System.getProperty("java.version")));
        assertNull(LibraryVersions.of("org.example:not-on-the-class-path"));
    }
}

package org.clinicalbert.workbench.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build choice: fastest shipped build the CPU can run, never one that needs flags the CPU lacks. */
class NativeBuildTest {

    private static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma");
    private static final Set<String> AVX512 = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512dq", "avx512cd");

    @Test
    void picksTheFastestShippedBuildTheCpuRuns() {
        assertEquals("linux-x86_64-onednn", NativeBuild.choose(AVX2, b -> true).classifier());
        assertEquals("linux-x86_64-onednn-avx512", NativeBuild.choose(AVX512, b -> true).classifier());
        // as shipped by default (generic + oneDNN): both CPUs get the oneDNN build
        assertEquals("linux-x86_64-onednn", NativeBuild.choose(AVX512,
                b -> b.extension().equals("-onednn") || b.extension().isEmpty()).classifier());
        // an AVX2-only build is used only where it is all there is besides nothing
        assertEquals("linux-x86_64-avx2", NativeBuild.choose(AVX2, b -> b.extension().equals("-avx2")).classifier());
    }

    @Test
    void aCpuWithoutAvx2FallsBackAndNeverGetsAnIsaBuild() {
        Set<String> old = Set.of("sse4_2", "avx");
        NativeBuild.Choice c = NativeBuild.choose(old, b -> !b.extension().equals("-onednn") && !b.extension().isEmpty());
        assertEquals("linux-x86_64", c.classifier(), "only ISA builds shipped: generic fallback");
        // no cpuinfo at all (unreadable): only builds that need no flags
        assertEquals("linux-x86_64-onednn", NativeBuild.choose(Set.of(), b -> true).classifier());
        for (NativeBuild.Build b : NativeBuild.PREFERENCE) {
            NativeBuild.Choice only = NativeBuild.choose(old, x -> x.equals(b) || x.extension().isEmpty());
            assertTrue(b.requiredFlags().isEmpty() || only.classifier().equals("linux-x86_64"), b + " chosen for " + old);
        }
    }

    @Test
    void theChosenBuildIsTheOneLoaded() {
        // the test JVM chose before loading ND4J (NativeBuildSelection); /proc/self/maps says what it mapped
        NativeBuild.Choice choice = NativeBuild.select();
        org.nd4j.linalg.factory.Nd4j.create(2, 2).addi(1);
        String library = NativeBuild.loadedLibrary();
        assertTrue(library.contains("/bindings/" + choice.classifier() + "/"), choice + " but loaded " + library);
    }

    @Test
    void readsTheFlagsLine() {
        Set<String> flags = NativeBuild.parseFlags(List.of("processor\t: 0", "model name\t: X",
                "flags\t\t: fpu SSE4_2 avx avx2 fma", "bogomips\t: 1"));
        assertEquals(Set.of("fpu", "sse4_2", "avx", "avx2", "fma"), flags);
    }
}

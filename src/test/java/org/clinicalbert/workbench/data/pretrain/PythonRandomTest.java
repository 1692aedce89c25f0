package org.clinicalbert.workbench.data.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against values CPython printed (tools/golden/pretraining_golden.py; identical for CPython 3.6 - 3.13). */
class PythonRandomTest {

    @Test
    void matchesCPythonStreamForEverySeed() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/pretrain/python_random.json")) {
            root = new ObjectMapper().readTree(in);
        }
        assertTrue(root.get("cases").size() >= 5);
        for (JsonNode c : root.get("cases")) {
            String seed = c.get("seed").asText();
            PythonRandom rng = new PythonRandom(new BigInteger(seed));
            for (JsonNode v : c.get("random")) {
                assertEquals(v.asDouble(), rng.random(), 0.0, "random() seed " + seed);
            }
            for (JsonNode v : c.get("randint_0_100")) {
                assertEquals(v.asInt(), rng.randint(0, 100), "seed " + seed);
            }
            for (JsonNode v : c.get("randint_2_125")) {
                assertEquals(v.asInt(), rng.randint(2, 125), "seed " + seed);
            }
            for (JsonNode v : c.get("randint_0_0")) {
                assertEquals(v.asInt(), rng.randint(0, 0), "seed " + seed);
            }
            for (JsonNode v : c.get("randint_0_28995")) {
                assertEquals(v.asInt(), rng.randint(0, 28995), "seed " + seed);
            }
            for (JsonNode kv : c.get("getrandbits")) {
                int k = kv.get(0).asInt();
                BigInteger expected = new BigInteger(kv.get(1).asText());
                assertEquals(expected, new BigInteger(Long.toUnsignedString(rng.getrandbits(k))), "getrandbits(" + k + ")");
            }
            List<Integer> x = new ArrayList<>(IntStream.range(0, 20).boxed().toList());
            rng.shuffle(x);
            assertEquals(ints(c.get("shuffle_20")), x, "shuffle seed " + seed);
            int[] y = IntStream.range(0, 1000).toArray();
            rng.shuffle(y);
            List<Integer> head = IntStream.of(y).limit(20).boxed().toList();
            assertEquals(ints(c.get("shuffle_1000_head")), head, "shuffle(int[]) seed " + seed);
            assertEquals(c.get("random_after").asDouble(), rng.random(), 0.0);
        }
    }

    @Test
    void longSeedEqualsBigIntegerSeed() {
        PythonRandom a = new PythonRandom(12345L);
        PythonRandom b = new PythonRandom(BigInteger.valueOf(12345));
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.random(), b.random());
        }
    }

    @Test
    void rejectsEmptyRanges() {
        PythonRandom rng = new PythonRandom(1);
        assertThrows(IllegalArgumentException.class, () -> rng.randint(3, 2));
        assertThrows(IllegalArgumentException.class, () -> rng.randbelow(0));
        assertThrows(IllegalArgumentException.class, () -> rng.getrandbits(65));
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}

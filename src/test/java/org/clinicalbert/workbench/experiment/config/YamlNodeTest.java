package org.clinicalbert.workbench.experiment.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed readers sweep and study files share: values, their refusals, and the line and key each names. */
class YamlNodeTest {

    private static final Path FILE = Path.of("f.yaml");

    private static final YamlNode ROOT = YamlFile.parse(FILE, """
            name: run-1
            count: 3
            big: 3000000000
            rate: "2e-5"
            flag: true
            empty:
            blank: "  "
            list: [a, b]
            section:
              train.lr: [1.0e-3]
              inner:
                deep: 1
            """).root();

    private static String error(org.junit.jupiter.api.function.Executable read) {
        return assertThrows(ConfigException.class, read).getMessage();
    }

    @Test
    void keyPathsJoinThroughSectionsAndKeepDottedKeys() {
        YamlNode lr = ROOT.get("section").get("train.lr");
        assertEquals("section.train.lr", lr.path());
        assertEquals("train.lr", lr.key());
        assertEquals("section.inner.deep", ROOT.get("section").get("inner").get("deep").path());
        assertEquals(List.of("train.lr", "inner"), ROOT.get("section").entries().stream().map(YamlNode::key).toList());
        assertEquals("f.yaml (line 10, key section.train.lr): x", lr.error("x").getMessage());
        assertEquals("f.yaml (line 12, key section.inner.deep): x",
                ROOT.get("section").get("inner").get("deep").error("x").getMessage());
    }

    @Test
    void absentEmptyAndSetAreThreeThings() {
        assertFalse(ROOT.get("nothing").present());
        assertTrue(ROOT.get("empty").present());
        assertFalse(ROOT.get("empty").isSet());
        assertTrue(ROOT.get("count").isSet());
        // a key the file does not hold has no line
        assertEquals("f.yaml (key nothing): missing required key: why", error(() -> ROOT.get("nothing").required("why")));
        assertEquals("f.yaml (line 6, key empty): missing required key: why", error(() -> ROOT.get("empty").required("why")));
        // below a scalar nothing is present
        assertFalse(ROOT.get("count").get("x").present());
    }

    @Test
    void text() {
        assertEquals("run-1", ROOT.get("name").text());
        assertEquals("3", ROOT.get("count").text());
        assertEquals("fallback", ROOT.get("nothing").text("fallback"));
        assertEquals("f.yaml (line 7, key blank): expected a text value, got string '  '", error(() -> ROOT.get("blank").text()));
        assertEquals("f.yaml (line 8, key list): expected a text value, got a list", error(() -> ROOT.get("list").text()));
        assertEquals("f.yaml (line 6, key empty): expected a text value, got null", error(() -> ROOT.get("empty").text("x")));
    }

    @Test
    void integerWithItsBounds() {
        assertEquals(3, ROOT.get("count").integer(1, 3));
        assertEquals(7, ROOT.get("nothing").integer(1, 10, 7));
        assertEquals("f.yaml (line 2, key count): expected an integer >= 4, got integer 3",
                error(() -> ROOT.get("count").integer(4, Long.MAX_VALUE)));
        assertEquals("f.yaml (line 2, key count): expected an integer >= 1 and <= 2, got integer 3",
                error(() -> ROOT.get("count").integer(1, 2)));
        assertEquals("f.yaml (line 4, key rate): expected an integer, got string '2e-5'",
                error(() -> ROOT.get("rate").integer(Long.MIN_VALUE, Long.MAX_VALUE)));
    }

    @Test
    void bool() {
        assertTrue(ROOT.get("flag").bool(false));
        assertTrue(ROOT.get("nothing").bool(true));
        assertEquals("f.yaml (line 2, key count): expected true or false, got integer 3", error(() -> ROOT.get("count").bool(false)));
    }

    @Test
    void plainValuesAsWritten() {
        assertEquals(3, ROOT.get("count").plainValue());
        assertEquals(3_000_000_000L, ROOT.get("big").plainValue());
        assertEquals(2e-5, ROOT.get("rate").plainValue()); // quoted plain decimal: a number, as for number keys
        assertEquals("true", ROOT.get("flag").plainValue());
        assertEquals("run-1", ROOT.get("name").plainValue());
        assertEquals("f.yaml (line 10, key section.train.lr): expected a plain value (number or text), got a list",
                error(() -> ROOT.get("section").get("train.lr").plainValue()));
    }

    @Test
    void listElementsPointAtTheListsLine() {
        List<YamlNode> elements = ROOT.get("list").nonEmptyList("a list");
        assertEquals(List.of("a", "b"), elements.stream().map(YamlNode::text).toList());
        assertEquals("f.yaml (line 8, key list): expected an integer, got string 'b'",
                error(() -> elements.get(1).integer(Long.MIN_VALUE, Long.MAX_VALUE)));
        assertEquals("f.yaml (line 2, key count): expected a non-empty list", error(() -> ROOT.get("count").nonEmptyList("a non-empty list")));
    }

    @Test
    void mappings() {
        assertEquals(2, ROOT.get("section").nonEmptyMapping("m").entries().size());
        assertFalse(ROOT.get("empty").mapping("m").isSet()); // an empty key is an empty mapping
        assertEquals("f.yaml (line 8, key list): expected a mapping", error(() -> ROOT.get("list").mapping("a mapping")));
        assertEquals("f.yaml (line 6, key empty): expected a non-empty mapping",
                error(() -> ROOT.get("empty").nonEmptyMapping("a non-empty mapping")));
    }

    @Test
    void unknownKeysAreNamedAtTheirLineWithASuggestion() {
        assertEquals("f.yaml (line 11, key section.inner): unknown key 'inner'; did you mean 'inter'? Known keys of "
                + "section: train.lr, inter", error(() -> ROOT.get("section").onlyKeys(List.of("train.lr", "inter"))));
        assertEquals("f.yaml (line 1, key name): unknown key 'name'. Known keys: zzzzzzzz",
                error(() -> ROOT.onlyKeys(List.of("zzzzzzzz"))));
    }

    @Test
    void fileNamesAndFolderNames() {
        assertEquals("f", ROOT.file().stem());
        ROOT.file().checkFolderName("name", "run-1.a_b", "the results folder");
        assertEquals("f.yaml (line 1, key name): 'my run' may only hold letters, digits, '.', '_' and '-' (it names "
                + "the results folder)", error(() -> ROOT.file().checkFolderName("name", "my run", "the results folder")));
    }

    @Test
    void aDuplicateKeyIsNamedWithItsLine() {
        assertEquals("f.yaml (line 3): not valid YAML: Duplicate field 'a'",
                error(() -> YamlFile.parse(FILE, "a: 1\nb: 2\na: 3\n")));
    }
}

package org.clinicalbert.workbench.data.ner;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-checked decodings; a reference to no character is kept as written rather than failing the corpus read. */
class XmlEntitiesTest {

    @Test
    void namedAndNumericReferencesDecode() {
        assertEquals("A B & <x> 'q' \"r\"", XmlEntities.decode("&#65; &#x42; &amp; &lt;x&gt; &apos;q&apos; &quot;r&quot;"));
        assertEquals("\uD83D\uDE00", XmlEntities.decode("&#x1F600;")); // a supplementary character: two chars
    }

    @Test
    void aReferenceToNoCharacterIsKeptAsWritten() {
        assertEquals("a &#x110000; b", XmlEntities.decode("a &#x110000; b"));
        assertEquals("&#99999999999;", XmlEntities.decode("&#99999999999;"));
        assertEquals("&#xFFFFFFFF;", XmlEntities.decode("&#xFFFFFFFF;"));
        assertEquals("x&#1114112;y", XmlEntities.decode("x&#1114112;y")); // 0x110000 in decimal
    }
}

package org.clinicalbert.workbench.data.mimic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClinicalSentenceSplitterTest {

    private static List<String> split(String s) {
        return ClinicalSentenceSplitter.split(s);
    }

    @Test
    void dosingAbbreviationsTitlesAndInitialsDoNotBreak() {
        assertEquals(List.of("Metoprolol 25 mg p.o. b.i.d. Lasix 20 mg q.d. per Dr. Smith and J. Doe."),
                split("Metoprolol 25 mg p.o. b.i.d. Lasix 20 mg q.d. per Dr. Smith and J. Doe."));
    }

    @Test
    void decimalsAndVitalsDoNotBreakButAPeriodBeforeACapitalDoes() {
        assertEquals(List.of("Temp 98.6, BP 120/80 on 2.5 L.", "HR 72 and pt. was calm.", "Then better."),
                split("Temp 98.6, BP 120/80 on 2.5 L. HR 72 and pt. was calm. Then better."));
    }

    @Test
    void breaksAtPeriodQuestionAndExclamationBeforeCapitalsDigitsQuotesAndBrackets() {
        assertEquals(List.of("Stable.", "2 units given!", "(Per family) agrees?", "\"Yes.\" ok"),
                split("Stable. 2 units given! (Per family) agrees? \"Yes.\" ok"));
    }

    @Test
    void questionMarkBeforeLowercaseIsRadiologyQueryNotABreak() {
        assertEquals(List.of("Eval for ? pneumonia vs. atelectasis."),
                split("Eval for ? pneumonia vs. atelectasis."));
    }

    @Test
    void numberSignOnlyBeforeDigits() {
        assertEquals(List.of("Catheter No. 5 placed.", "Pain: no.", "He slept."),
                split("Catheter No. 5 placed. Pain: no. He slept."));
    }
}

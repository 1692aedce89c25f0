package org.clinicalbert.workbench.data.mimic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected lines below were written by hand from the note layouts, not produced by the code. */
class NoteFormatterTest {

    private final NoteFormatter formatter = new NoteFormatter();

    private List<String> format(String text) {
        return formatter.format(text).sentences();
    }

    @Test
    void dischargeSummaryHeadersListsAndPlaceholders() {
        String note = """
                Admission Date:  [**2151-7-16**]       Discharge Date:   [**2151-8-4**]

                Date of Birth:  [**2081-1-1**]             Sex:   M

                Service: MEDICINE

                HISTORY OF PRESENT ILLNESS:  The patient is a 65 yo man seen by
                Dr. [**Last Name (NamePattern1) 123**] at [**Hospital 1234**]. He was given
                aspirin 325 mg p.o. b.i.d. Vitals: BP 120/80, HR 72.

                PHYSICAL EXAMINATION
                T 98.6 BP 120/80 HR 72 RR 16 O2 sat 98% RA

                Discharge Medications:
                1. Aspirin 81 mg p.o. q.d.
                2. Metoprolol 12.5 mg
                b.i.d. with food
                3. Lasix 20 mg daily. Hold if SBP < 100.
                """;
        assertEquals(List.of(
                "Admission Date:",
                "[**2151-7-16**]",
                "Discharge Date:",
                "[**2151-8-4**]",
                "Date of Birth:",
                "[**2081-1-1**]",
                "Sex: M",
                "Service: MEDICINE",
                "HISTORY OF PRESENT ILLNESS:",
                "The patient is a 65 yo man seen by Dr. [**Last Name (NamePattern1) 123**] at [**Hospital 1234**].",
                "He was given aspirin 325 mg p.o. b.i.d. Vitals: BP 120/80, HR 72.",
                "PHYSICAL EXAMINATION",
                "T 98.6 BP 120/80 HR 72 RR 16 O2 sat 98% RA",
                "Discharge Medications:",
                "1. Aspirin 81 mg p.o. q.d.",
                "2. Metoprolol 12.5 mg b.i.d. with food",
                "3. Lasix 20 mg daily.",
                "Hold if SBP < 100."), format(note));
    }

    @Test
    void inlineNumberedListAfterHeaderIsSplitIntoItems() {
        assertEquals(List.of(
                "Discharge Diagnosis:",
                "1. Pneumonia",
                "2. Atrial fibrillation with RVR",
                "3. Type 2 DM"),
                format("Discharge Diagnosis: 1. Pneumonia 2. Atrial fibrillation with RVR 3. Type 2 DM\n"));
    }

    @Test
    void prosePeriodBeforeCapitalBreaksButAbbreviationsAndDecimalsDoNot() {
        assertEquals(List.of(
                "Pt. was seen e.g. by the team at 2 a.m. today.",
                "Creatinine 2.5 mg/dL, stable.",
                "Is he febrile?",
                "No."),
                format("Pt. was seen e.g. by the team at 2 a.m. today. Creatinine 2.5 mg/dL, stable. "
                        + "Is he febrile? No."));
    }

    @Test
    void blankLineBreaksWrappedLinesJoin() {
        assertEquals(List.of(
                "Chest pain radiating to the left arm since the morning",
                "Denies fever"),
                format("Chest pain radiating to the\nleft arm since\n   the morning\n\nDenies fever"));
    }

    @Test
    void placeholderWithSpacesPeriodsAndLineBreakStaysOneUnit() {
        List<String> lines = format("Seen by Dr. [**First Name8 (NamePattern2) **] [**Last Name (NamePattern1)\n"
                + "1234**]. Called [**Telephone/Fax (1) 5.5**]. Done.");
        assertEquals(List.of(
                "Seen by Dr. [**First Name8 (NamePattern2) **] [**Last Name (NamePattern1) 1234**].",
                "Called [**Telephone/Fax (1) 5.5**].",
                "Done."), lines);
        // each placeholder counts as one token
        assertEquals(3 + 3 + 1 + 1, formatter.format("Seen by Dr. [**First Name8 (NamePattern2) **] "
                + "[**Last Name (NamePattern1) 1234**]. Called [**Telephone/Fax (1) 5.5**]. Done.").tokens());
    }

    @Test
    void strayMaskCharacterInTheInputIsNotMistakenForAPlaceholder() {
        // the mask character becomes a space (collapsed), the real placeholder comes back intact
        assertEquals(List.of("Stray char then [**Name**] here."),
                format("Stray \u0001 char then [**Name**] here."));
    }

    @Test
    void sentenceStartingWithPlaceholderBreaks() {
        assertEquals(List.of("Discharged home.", "[**Known lastname **] will follow up."),
                format("Discharged home. [**Known lastname **] will follow up."));
    }

    @Test
    void dashedListsRulesAndCrlf() {
        assertEquals(List.of(
                "Past Medical History:",
                "-- Hyperlipidemia",
                "-- Hypertension, on lisinopril",
                "FINAL REPORT",
                "IMPRESSION: No acute process."),
                format("Past Medical History:\r\n-- Hyperlipidemia\r\n-- Hypertension,\r\non lisinopril\r\n"
                        + "_______________\r\n FINAL REPORT\r\n IMPRESSION:  No acute process.\r\n"));
    }

    @Test
    void shortFieldLabelsKeepTheirValueAndTimesAreNotLabels() {
        // a field line starts a new line; its value may wrap, so the blank line is what ends it
        assertEquals(List.of("BP: 120/80", "HR: 72", "Seen at 10:30 today."),
                format("BP: 120/80\nHR: 72\n\nSeen at 10:30 today."));
    }

    @Test
    void lastShortLineOfAllCapsProseIsNotAHeader() {
        // old MIMIC notes are upper case throughout: a short wrapped line is not a header without a boundary
        assertEquals(List.of("THE PATIENT IS A 75 YEAR OLD MAN WITH CHEST PAIN AND SHORTNESS OF BREATH."),
                format("THE PATIENT IS A 75 YEAR OLD MAN WITH CHEST PAIN AND\nSHORTNESS OF BREATH."));
    }

    @Test
    void examFindingsWithDashLabelsStayOnTheirOwnLines() {
        assertEquals(List.of(
                "Physical Exam:",
                "Vitals - T 98.2 BP 123/73 HR 73 R 21 95% on 2L NC",
                "General - well appearing male, sitting up in chair in NAD",
                "Neck - supple, JVP not elevated"),
                format("Physical Exam:\nVitals - T 98.2 BP 123/73 HR 73 R 21 95% on 2L NC\n"
                        + "General - well appearing male, sitting up\nin chair in NAD\nNeck - supple, JVP not elevated\n"));
    }

    @Test
    void labelGluedToAPlaceholderIsAHeader() {
        assertEquals(List.of("Attending:[**First Name3 (LF) 1234**]", "Chief Complaint:", "chest pain",
                        "Attending Physician:", "[**First Name3 (LF) 1234**]"),
                format("Attending:[**First Name3 (LF) 1234**]\nChief Complaint:\nchest pain\n"
                        + "Attending Physician:[**First Name3 (LF) 1234**]\n"));
    }

    @Test
    void realisticDischargeExcerpt() {
        String note = """
                Past Medical History:
                # CAD s/p CABG [**2145**]
                # CHF, EF 30%
                - HTN

                Physical Exam:
                VS: T 98.6 BP 142/76 HR 88 RR 22 O2 91% RA
                HEENT: PERRL, EOMI
                Neck:
                JVP to 10 cm

                Discharge Medications:
                1. Aspirin 81 mg Tablet, Chewable Sig: One (1) Tablet, Chewable PO DAILY (Daily).
                2. Furosemide 40 mg Tablet Sig: One (1) Tablet PO BID (2 times a day).
                Disp:*60 Tablet(s)* Refills:*2*
                """;
        assertEquals(List.of(
                "Past Medical History:",
                "# CAD s/p CABG [**2145**]",
                "# CHF, EF 30%",
                "- HTN",
                "Physical Exam:",
                "VS: T 98.6 BP 142/76 HR 88 RR 22 O2 91% RA",
                "HEENT: PERRL, EOMI",
                "Neck:",
                "JVP to 10 cm",
                "Discharge Medications:",
                "1. Aspirin 81 mg Tablet, Chewable Sig: One (1) Tablet, Chewable PO DAILY (Daily).",
                "2. Furosemide 40 mg Tablet Sig: One (1) Tablet PO BID (2 times a day).",
                "Disp:*60 Tablet(s)* Refills:*2*"), format(note));
    }

    @Test
    void emptyAndWhitespaceNotesGiveNoLines() {
        assertEquals(List.of(), format(""));
        assertEquals(List.of(), format(" \n\n  \n-----\n"));
    }
}

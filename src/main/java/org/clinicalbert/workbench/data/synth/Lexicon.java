package org.clinicalbert.workbench.data.synth;

import java.util.List;
import java.util.Random;

/** Word lists for synthetic clinical text: each entity type draws from its own list, so the labels are learnable. */
final class Lexicon {

    private Lexicon() {
    }

    static final List<String> FIRST_NAMES = List.of("John", "Mary", "Robert", "Linda", "James", "Patricia", "Michael",
            "Barbara", "William", "Elizabeth", "David", "Jennifer", "Richard", "Susan", "Joseph", "Margaret", "José",
            "Zoë", "Thomas", "Nancy", "Charles", "Karen");
    static final List<String> LAST_NAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
            "Garcia", "Rodriguez", "Wilson", "Martinez", "Anderson", "Taylor", "Thomas", "Hernandez", "Moore", "O'Neil",
            "Martin", "Jackson", "Thompson", "White", "Lopez", "Lee", "Gonzalez");
    static final List<String> HOSPITALS = List.of("Saint Mary's Hospital", "General Hospital", "Riverside Medical Center",
            "Lakeview Clinic", "Mercy Hospital", "Valley Regional Hospital", "Northside Medical Center", "Bayview Hospital");
    static final List<String> CITIES = List.of("Boston", "Springfield", "Fairview", "Franklin", "Greenville", "Madison",
            "Clinton", "Georgetown", "Salem", "Arlington");
    static final List<String> STATES = List.of("MA", "NY", "CA", "TX", "Ohio", "Vermont", "NH", "Maine");
    static final List<String> COUNTRIES = List.of("USA", "Canada", "Mexico", "Ireland", "Italy", "India");
    static final List<String> STREETS = List.of("Main Street", "Oak Avenue", "Maple Road", "Elm Street", "Pine Lane",
            "Cedar Court", "Washington Blvd");
    static final List<String> ORGANIZATIONS = List.of("Johnson & Johnson", "Acme Corp", "Riverside School District",
            "City Transit", "Northeast Bank", "Boston Fire Department");
    static final List<String> PROFESSIONS = List.of("teacher", "nurse", "carpenter", "accountant", "engineer",
            "bus driver", "electrician", "farmer", "lawyer");
    static final List<String> OTHER_LOCATIONS = List.of("Cape Cod", "the Grand Canyon", "Lake Tahoe", "Yellowstone");
    static final List<String> HEALTHPLANS = List.of("BlueCross", "Medicare", "Medicaid", "Harvard Pilgrim", "Aetna");

    // 2010 concepts: one list per concept type.
    static final List<String> PROBLEMS = List.of("chest pain", "shortness of breath", "pneumonia", "hypertension",
            "atrial fibrillation", "diabetes mellitus", "congestive heart failure", "fever", "abdominal pain",
            "acute renal failure", "a urinary tract infection", "anemia", "cellulitis", "nausea");
    static final List<String> TESTS = List.of("Chest X-ray", "CBC", "an EKG", "troponin", "a CT scan of the chest",
            "blood cultures", "urinalysis", "an echocardiogram", "creatinine", "MRI of the brain");
    static final List<String> TREATMENTS = List.of("aspirin", "Lasix", "metoprolol", "vancomycin", "insulin",
            "cardiac catheterization", "heparin", "IV fluids", "Coumadin", "levofloxacin", "physical therapy");

    // 2012 event and timex lists.
    static final List<String> OCCURRENCES = List.of("admitted", "discharged", "transferred", "readmitted", "seen");
    static final List<String> EVIDENTIALS = List.of("reported", "complained of", "noted", "denied");
    static final List<String> DEPARTMENTS = List.of("the intensive care unit", "the emergency department",
            "cardiology", "the medical floor", "the surgical service");
    static final List<String> DURATIONS = List.of("three days", "two weeks", "24 hours", "one month");
    static final List<String> FREQUENCIES = List.of("twice daily", "every 6 hours", "daily", "three times a day");
    static final List<String> TIMES = List.of("8:00 am", "noon", "midnight", "14:30");

    static final List<String> FILLER = List.of(
            "The patient was comfortable overnight .",
            "Vital signs were stable .",
            "No acute distress .",
            "Lungs clear to auscultation bilaterally .",
            "Heart regular rate and rhythm .",
            "Abdomen soft , non-tender .",
            "Will continue to monitor .",
            "Plan discussed with the family .",
            "Follow up in clinic as scheduled .");

    static String pick(Random rnd, List<String> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    static String name(Random rnd) {
        return pick(rnd, FIRST_NAMES) + " " + pick(rnd, LAST_NAMES);
    }

    static String digits(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    static String phone(Random rnd) {
        return "(" + digits(rnd, 3) + ") " + digits(rnd, 3) + "-" + digits(rnd, 4);
    }

    static String monthDay(Random rnd) {
        return String.format("%02d/%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
    }

    static String year(Random rnd) {
        return Integer.toString(2060 + rnd.nextInt(40));
    }

    static String isoDate(Random rnd) {
        return String.format("%s-%02d-%02d", year(rnd), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
    }

    static String age(Random rnd) {
        return Integer.toString(18 + rnd.nextInt(75));
    }
}

package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.eval.Fold;
import org.clinicalbert.workbench.eval.KFold;
import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.io.UserInputException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Cross-validation of an NER task as the study runs it: train and dev pooled, split into {@code k} folds by
 * document (by patient for i2b2 2014, see {@link TaskData#splitUnit}) with {@link KFold}; each fold trains on the
 * other folds and is scored on its own. The fixed test split is not pooled: every fold's model is scored on it.
 *
 * @param pool  train then dev sentences, in file order
 * @param unit  document id to the unit a fold holds out whole
 * @param note  what the split did, for the run's data notes
 */
public record CrossValidationSplit(List<TaggedSentence> pool, Function<String, String> unit, List<Fold> folds,
                                   String note) {

    public CrossValidationSplit {
        pool = List.copyOf(pool);
        folds = List.copyOf(folds);
    }

    /** Folds of {@code data}'s train+dev; an error when there are fewer documents (patients) than folds. */
    public static CrossValidationSplit of(TaskData<TaggedSentence> data, Task task, int k, long splitSeed) {
        List<TaggedSentence> pool = new ArrayList<>(data.train());
        pool.addAll(data.dev());
        Function<String, String> unit = TaskData.splitUnit(task);
        Set<String> units = new LinkedHashSet<>();
        pool.forEach(s -> units.add(unit.apply(s.documentId())));
        if (units.size() < k) {
            throw new UserInputException("eval.cv_folds " + k + " exceeds the " + units.size()
                    + (task == Task.I2B2_2014 ? " patients" : " documents") + " of train+dev");
        }
        String what = task == Task.I2B2_2014 ? " patients" : " documents";
        // a dev split carved from train (a data note of its own) is pooled back here: say so beside it
        String note = "cross-validation: " + k + " folds over the " + units.size() + what + " of train+dev pooled (seed "
                + splitSeed + "); each fold's held-out part is its dev split";
        return new CrossValidationSplit(pool, unit, new KFold(k, splitSeed).split(units), note);
    }

    public int k() {
        return folds.size();
    }

    /** The sentences fold {@code index} (0-based) trains on: every unit it does not hold out. */
    public List<TaggedSentence> train(int index) {
        Set<String> held = held(index);
        return pool.stream().filter(s -> !held.contains(unit.apply(s.documentId()))).toList();
    }

    /** The sentences fold {@code index} (0-based) holds out and is scored on as its dev split. */
    public List<TaggedSentence> heldOut(int index) {
        Set<String> held = held(index);
        return pool.stream().filter(s -> held.contains(unit.apply(s.documentId()))).toList();
    }

    private Set<String> held(int index) {
        if (index < 0 || index >= folds.size()) {
            throw new IllegalArgumentException("fold " + (index + 1) + " out of range: there are " + folds.size());
        }
        return new HashSet<>(folds.get(index).heldOut());
    }
}

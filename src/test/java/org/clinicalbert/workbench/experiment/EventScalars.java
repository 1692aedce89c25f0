package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.tensorboard.Event;
import org.clinicalbert.workbench.tensorboard.EventFiles;
import org.tensorflow.framework.Summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The scalars of a run folder's TensorBoard event file, by tag, as the dashboard plots them. */
final class EventScalars {

    record Point(long step, float value) {
    }

    private EventScalars() {
    }

    static Map<String, List<Point>> of(Path runDir) {
        try {
            Path file = EventFiles.find(runDir.resolve(TensorBoardLog.DIR)).orElseThrow(
                    () -> new AssertionError("no event file in " + runDir.resolve(TensorBoardLog.DIR)));
            EventFiles.Contents read = EventFiles.read(file);
            if (read.damagedTail() != null) {
                throw new AssertionError(file + ": " + read.damagedTail());
            }
            Map<String, List<Point>> scalars = new TreeMap<>();
            for (Event e : read.events()) {
                if (e.summary() == null) {
                    continue;
                }
                for (Summary.Value v : e.summary().getValueList()) {
                    if (v.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE) {
                        scalars.computeIfAbsent(v.getTag(), t -> new ArrayList<>())
                                .add(new Point(e.step(), v.getSimpleValue()));
                    }
                }
            }
            return scalars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Long> steps(Map<String, List<Point>> scalars, String tag) {
        return scalars.getOrDefault(tag, List.of()).stream().map(Point::step).toList();
    }
}

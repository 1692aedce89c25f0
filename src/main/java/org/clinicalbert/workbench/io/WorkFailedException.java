package org.clinicalbert.workbench.io;

/**
 * The work ran and failed in parts: folds, shards, candidates or Spark tasks that failed with their own errors,
 * listed in the message with how to continue (usually {@code --resume}). Neither the user's input nor a bug in the
 * workbench as such, so the CLI reports it as one {@code error:} line and exit 1 without the "this is a bug" hint
 * that an unexpected exception gets.
 */
public class WorkFailedException extends RuntimeException {

    public WorkFailedException(String message) {
        super(message);
    }
}

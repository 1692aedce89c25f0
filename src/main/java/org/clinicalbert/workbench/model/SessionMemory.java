package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.AbstractSession.VarId;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Set;

/**
 * How SameDiff's executions hold memory, set once for the process: every intermediate array is freed the moment
 * SameDiff releases it, instead of going into M2.1's array cache.
 *
 * <p>Why (measured at BERT-base, batch 8, docs/samediff-m2.1.md §9 and results/bench/README.md): M2.1 gives every
 * {@link InferenceSession} an {@code ArrayCacheMemoryMgr} that keeps released arrays for reuse, up to a quarter of
 * JavaCPP's {@code maxBytes} (the JVM's {@code -Xmx}), 2 GB with the launcher's 8 GB heap, on top of the live
 * arrays: the cache costs about 3 GB of peak resident memory and buys no speed here, because glibc's allocator
 * (with the launcher's tunables) hands freed blocks back just as fast. Arrays it does not cache are freed only
 * when the garbage collector finds their Java objects, which a 70 MB heap rarely triggers. So releases close
 * the array at once.
 *
 * <p>Also: M2.1's session records the id of every array it ever released ({@code freedArrays}, to avoid double
 * frees within one execution) and never forgets them, a heap leak of a few thousand entries per training step;
 * array ids are unique and increasing, so the set is cleared at the start of each execution.
 *
 * <p>The same session runs the ops of {@link JavaKernels} in Java (LayerNorm and its gradient), where M2.1's
 * native kernels are many times slower than their arithmetic.
 */
public final class SessionMemory {

    private static volatile boolean installed;

    private SessionMemory() {
    }

    /** Binds the freeing session factory (idempotent; every graph built after this uses it). */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (SessionMemory.class) {
            if (!installed) {
                SameDiff.bindInferenceFactory(FreeingSession::new);
                installed = true;
            }
        }
    }

    /** Frees {@code array}'s native buffer now, unless it is null, already freed, or a view of another array. */
    public static void free(INDArray array) {
        if (array != null && !array.wasClosed() && array.closeable()) {
            array.close();
        }
    }

    /** An inference session whose released arrays are closed at once. */
    static final class FreeingSession extends InferenceSession {
        FreeingSession(SameDiff sameDiff) {
            super(sameDiff);
            setMmgr(new FreeOnRelease());
        }

        /** {@link JavaKernels}' ops run in Java; every other op as SameDiff runs it. */
        @Override
        public ExecutionResult doExec(DifferentialFunction op, OpContext opContext, FrameIter outputFrameIter,
                                      Set<VarId> opInputs, Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                      Map<String, SDValue> otherPlaceHolders) {
            if (opContext != null && JavaKernels.tryRun(op, opContext)) {
                return ExecutionResult.createFrom(op, opContext);
            }
            return super.doExec(op, opContext, outputFrameIter, opInputs, allIterInputs, constAndPhInputs,
                    otherPlaceHolders);
        }

        @Override
        protected Map<String, INDArray> preprocessPlaceholders(Map<String, INDArray> placeholders,
                                                               org.nd4j.autodiff.listeners.At at) {
            freedArrays.clear();
            return super.preprocessPlaceholders(placeholders, at);
        }
    }

    /** Allocates plain arrays; a released array is closed (its native buffer freed) unless it is a view. */
    static final class FreeOnRelease extends AbstractMemoryMgr {
        @Override
        public INDArray allocate(boolean detached, DataType dataType, long... shape) {
            return Nd4j.createUninitialized(dataType, shape);
        }

        @Override
        public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
            return Nd4j.create(descriptor, false);
        }

        @Override
        public void release(INDArray array) {
            free(array);
        }

        @Override
        public void close() {
        }
    }
}

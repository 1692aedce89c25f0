package org.clinicalbert.workbench.data.pretrain;

import java.math.BigInteger;
import java.util.List;

/**
 * CPython's {@code random.Random} (MT19937), bit for bit, for the calls google's
 * create_pretraining_data.py makes: {@code Random(seed)}, {@code random()}, {@code randint(a, b)},
 * {@code shuffle(x)} (and the {@code getrandbits}/{@code _randbelow} they are built on).
 *
 * <p>Written here because exact reproduction of google's instances needs CPython's exact stream:
 * neither {@link java.util.Random} nor commons-math's MersenneTwister seed or draw bounded integers
 * the way CPython does. Checked against CPython 3.6 to 3.13 (identical for these calls);
 * Python 2 differs ({@code randint} and {@code shuffle} used {@code int(random() * n)} there).
 */
public final class PythonRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    /** {@code random.Random(seed)} for an int seed (CPython uses |seed|). */
    public PythonRandom(long seed) {
        this(BigInteger.valueOf(seed));
    }

    public PythonRandom(BigInteger seed) {
        BigInteger n = seed.abs();
        // CPython's random_seed: the key is |seed| as little-endian 32-bit words, at least one word.
        int words = Math.max(1, (n.bitLength() + 31) / 32);
        int[] key = new int[words];
        for (int i = 0; i < words; i++) {
            key[i] = n.shiftRight(32 * i).intValue();
        }
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    /** One tempered 32-bit output (genrand_uint32), as an unsigned value in an int. */
    int nextUint32() {
        if (index >= N) {
            int kk;
            int y;
            for (kk = 0; kk < N - M; kk++) {
                y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            for (; kk < N - 1; kk++) {
                y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            index = 0;
        }
        int y = mt[index++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y;
    }

    /** {@code random()}: 53 random bits from two outputs, in [0, 1). */
    public double random() {
        long a = (nextUint32() & 0xffffffffL) >>> 5;
        long b = (nextUint32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code getrandbits(k)} for 0 &lt;= k &lt;= 64 (words drawn least significant first). */
    public long getrandbits(int k) {
        if (k < 0 || k > 64) {
            throw new IllegalArgumentException("k must be in [0, 64]: " + k);
        }
        if (k == 0) {
            return 0;
        }
        if (k <= 32) {
            return (nextUint32() & 0xffffffffL) >>> (32 - k);
        }
        long low = nextUint32() & 0xffffffffL;
        long high = (nextUint32() & 0xffffffffL) >>> (64 - k);
        return low | (high << 32);
    }

    /** {@code _randbelow(n)} (CPython 3: rejection sampling on {@code getrandbits(n.bit_length())}). */
    public long randbelow(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        int k = 64 - Long.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (Long.compareUnsigned(r, n) >= 0) {
            r = getrandbits(k);
        }
        return r;
    }

    /** {@code randint(a, b)}: uniform in [a, b], both inclusive. */
    public long randint(long a, long b) {
        if (b < a) {
            throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
        }
        return a + randbelow(b - a + 1);
    }

    /** {@code randint(a, b)} for int bounds. */
    public int randint(int a, int b) {
        return (int) randint((long) a, (long) b);
    }

    /** {@code shuffle(x)} in place: for i in reversed(range(1, len(x))): swap x[i], x[randbelow(i + 1)]. */
    public <T> void shuffle(List<T> x) {
        for (int i = x.size() - 1; i >= 1; i--) {
            int j = (int) randbelow(i + 1);
            T tmp = x.get(i);
            x.set(i, x.get(j));
            x.set(j, tmp);
        }
    }

    /** {@link #shuffle(List)} for an int array (same draws). */
    public void shuffle(int[] x) {
        for (int i = x.length - 1; i >= 1; i--) {
            int j = (int) randbelow(i + 1);
            int tmp = x[i];
            x[i] = x[j];
            x[j] = tmp;
        }
    }
}

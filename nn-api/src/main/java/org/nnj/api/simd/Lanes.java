package org.nnj.api.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.apiguardian.api.API;

/**
 * The one vector shape every Vector API loop in the process uses: the core's kernels, the built-in plugins, and
 * any plugin that writes its own SIMD loop. Use {@link #FLOAT} and {@link #DOUBLE}, never a species of your own
 * ({@code SPECIES_PREFERRED}, {@code SPECIES_256}, ...).
 *
 * <p>Why one shape: when two shapes of the same element type run in one JVM (say 512-bit vectors in a plugin
 * and 256-bit vectors in the matrix kernels), JDK 17's C2 stops keeping the vectors of the shared library
 * methods in registers and allocates an object per vector operation, everywhere, not only in the loop that
 * introduced the second shape: a training step then allocates hundreds of megabytes and runs several times
 * slower. On AVX2-only machines the preferred shape is 256 bits and the mix cannot happen, which is how it went
 * unnoticed; nn-api's {@code OneVectorShapeTest} now refuses any other species in the sources.
 *
 * <p>Load this class only once the {@code jdk.incubator.vector} module is known to be present
 * ({@link VectorApi#usable()}); a class that mentions it fails to link otherwise.
 */
@API(status = API.Status.INTERNAL)
public final class Lanes {
    /** The float vectors of every loop in the process. */
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_256;
    /** The double vectors of every loop in the process: the same bit size as {@link #FLOAT}. */
    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_256;

    private Lanes() {
    }
}

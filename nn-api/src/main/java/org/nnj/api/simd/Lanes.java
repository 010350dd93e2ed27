package org.nnj.api.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.apiguardian.api.API;

/**
 * The one vector shape every Vector API loop in the process uses: the core's kernels, the built-in plugins, and
 * any plugin that writes its own SIMD loop. Use {@link #FLOAT} and {@link #DOUBLE}, never a species of your own
 * ({@code SPECIES_PREFERRED}, {@code SPECIES_256}, ...), and write loops for any lane count ({@code length()}:
 * 4, 8 or 16 floats).
 *
 * <p>The shape is the machine's: the JVM's preferred vectors ({@code SPECIES_PREFERRED}: 512 bits on AVX-512,
 * 256 on AVX2, 128 on ARM's NEON or with {@code -XX:MaxVectorSize=16}), at most 512 bits (longer SVE vectors are
 * used 512 bits at a time, so that a register tile stays within the kernels' buffers). Below 128 bits the Vector
 * API loops are not used at all ({@link VectorApi#usable()}).
 *
 * <p>Why one shape: when two shapes of the same element type run in one JVM (say 512-bit vectors in a plugin
 * and 256-bit vectors in the matrix kernels), JDK 17's C2 stops keeping the vectors of the shared library
 * methods in registers and allocates an object per vector operation, everywhere, not only in the loop that
 * introduced the second shape: a training step then allocates hundreds of megabytes and runs several times
 * slower. nn-api's {@code OneVectorShapeTest} refuses any other species in the sources.
 *
 * <p>What the width changes: element-wise loops and the matrix kernels' register tiles give the same bits at any
 * width (each output element is the same chain of FMAs); sums across lanes (the one-row products' dot products)
 * are added in an order that depends on the lane count, so a result is reproducible on a given machine and JVM
 * flags, not bit for bit across machines with different vector widths.
 *
 * <p>Load this class only once the {@code jdk.incubator.vector} module is known to be present
 * ({@link VectorApi#usable()}); a class that mentions it fails to link otherwise.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Lanes {
    /** The widest vectors the kernels use (their tile buffers are sized for it). */
    static final int MAX_BITS = 512;
    /** The narrowest vectors worth using (two doubles); below this the scalar kernels run. */
    static final int MIN_BITS = 128;
    /** The shape of every vector of the process. */
    private static final VectorShape SHAPE = shape();
    /** The float vectors of every loop in the process. */
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** The double vectors of every loop in the process: the same bit size as {@link #FLOAT}. */
    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED.withShape(SHAPE);

    private Lanes() {
    }

    private static VectorShape shape() {
        VectorShape preferred = VectorShape.preferredShape();
        return preferred.vectorBitSize() > MAX_BITS ? VectorShape.forBitSize(MAX_BITS) : preferred;
    }

    /** The bit size of the process's vectors (128, 256 or 512). */
    public static int bits() {
        return SHAPE.vectorBitSize();
    }
}

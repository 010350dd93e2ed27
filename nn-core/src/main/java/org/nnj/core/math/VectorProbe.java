package org.nnj.core.math;

import jdk.incubator.vector.FloatVector;

/** Loaded only once the incubator module is known to be present: asks the Vector API for the vector size. */
final class VectorProbe {
    private VectorProbe() {
    }

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}

package org.nnj.onnx;

/**
 * How many generated inputs the fuzz properties feed the ONNX reader on every build (the jqwik {@code tries} of
 * each property; cited by {@code docs/reliability.md}). Each must load or throw
 * {@link org.nnj.api.ModelFormatException} naming the file in one line; anything else fails the build.
 */
final class FuzzCounts {
    /** Exported nnj files and PyTorch files with 1..6 random byte mutations, cuts, duplications or insertions. */
    static final int MUTATED = 2000;
    /** Well-formed protobuf models with random nodes, operators, attributes, initializers, shapes and data. */
    static final int GENERATED = 2000;
    /** The CNN files (PyTorch's, windows per axis in one, and nnj exports) mutated the same way. */
    static final int MUTATED_CNN = 2000;
    /**
     * PyTorch's CNN files (windows per axis in one) with random attributes on random nodes, forged weight dimensions
     * or input shapes.
     */
    static final int ATTRIBUTES_CNN = 2000;
    /** All generated cases per build. */
    static final int TOTAL = MUTATED + GENERATED + MUTATED_CNN + ATTRIBUTES_CNN;

    private FuzzCounts() {
    }
}

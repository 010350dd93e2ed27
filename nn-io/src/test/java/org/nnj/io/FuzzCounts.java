package org.nnj.io;

/**
 * How many generated inputs the fuzz properties feed to the spec, model and checkpoint readers on every build
 * (the jqwik {@code tries} of each property; cited by {@code docs/reliability.md}). Each input must either load
 * or throw the documented exception ({@link org.nnj.api.ConfigException} for specs,
 * {@link org.nnj.api.ModelFormatException} for model and checkpoint files); anything else, a hang or running out
 * of memory fails the build.
 */
final class FuzzCounts {
    /** Random soups of JSON tokens read as specs. */
    static final int SPEC_RANDOM = 2000;
    /** Valid spec files with 1..6 random mutations (bytes, JSON tokens, deletions, duplications). */
    static final int SPEC_MUTATED = 3000;
    /** Well-formed JSON specs with random values of random types in every field (sizes, names, parameters). */
    static final int SPEC_GENERATED = 2000;
    /** Valid model files (float32 and float64) with 1..6 random byte mutations, cuts, extensions or forged lengths. */
    static final int MODEL_MUTATED = 2000;
    /** Files with random safetensors headers: random tensors, dtypes, shapes, offsets, metadata and lengths. */
    static final int MODEL_RANDOM_HEADER = 1500;
    /** Valid checkpoints with 1..6 random mutations. */
    static final int CHECKPOINT_MUTATED = 1000;

    /** All generated cases per build: 11,500. */
    static final int TOTAL = SPEC_RANDOM + SPEC_MUTATED + SPEC_GENERATED + MODEL_MUTATED + MODEL_RANDOM_HEADER
            + CHECKPOINT_MUTATED;

    private FuzzCounts() {
    }
}

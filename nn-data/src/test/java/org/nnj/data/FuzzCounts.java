package org.nnj.data;

/**
 * How many generated inputs the fuzz properties feed to the readers on every build; cited by
 * {@code docs/reliability.md}. Each input must either load or throw {@link org.nnj.api.DataException}; the
 * numbers are the jqwik {@code tries} of each property (confirmed from jqwik's report: tries = checks).
 */
final class FuzzCounts {
    /** Random token soups read as CSV with random options. */
    static final int CSV_RANDOM = 2000;
    /** Valid random numeric tables that must load back exactly. */
    static final int CSV_ROUND_TRIP = 500;
    /** Bundled CSV files with 1..6 random byte mutations, raw or gzip-compressed. */
    static final int CSV_MUTATED = 3000;
    /** IDX files with random headers (huge, zero and negative dimensions, bad type codes, forged gzip sizes). */
    static final int IDX_RANDOM_HEADER = 2000;
    /** Valid IDX image and label files with 1..6 random byte mutations, raw or gzip-compressed. */
    static final int IDX_MUTATED = 3000;

    /** Valid random IDX image/label pairs that must load back exactly. */
    static final int IDX_ROUND_TRIP = 200;

    /**
     * All generated cases per build: 10,700. A mutated or random case is read more than once (CSV: with its
     * random options and with the defaults; IDX: as images, as labels and as a pair), so the readers see more.
     */
    static final int TOTAL = CSV_RANDOM + CSV_ROUND_TRIP + CSV_MUTATED + IDX_RANDOM_HEADER + IDX_MUTATED
            + IDX_ROUND_TRIP;

    private FuzzCounts() {
    }
}

/** The built-in losses (mse, categorical cross-entropy, ...), found by the core through the {@code Loss} SPI. */
module org.nnj.losses {
    requires transitive org.nnj.api;
    requires static org.apiguardian.api;

    exports org.nnj.losses;

    provides org.nnj.api.spi.Loss with
            org.nnj.losses.Quadratic,
            org.nnj.losses.Mse,
            org.nnj.losses.BinaryCrossEntropy,
            org.nnj.losses.CategoricalCrossEntropy,
            org.nnj.losses.Mae;
}

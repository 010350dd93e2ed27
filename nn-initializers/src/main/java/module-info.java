/**
 * The built-in weight initializers (xavier, he, lecun, ...), found by the core through the {@code Initializer} SPI.
 */
module org.nnj.initializers {
    requires transitive org.nnj.api;
    requires static org.apiguardian.api;

    exports org.nnj.initializers;

    provides org.nnj.api.spi.Initializer with
            org.nnj.initializers.Zeros,
            org.nnj.initializers.Constant,
            org.nnj.initializers.Uniform,
            org.nnj.initializers.Normal,
            org.nnj.initializers.XavierUniform,
            org.nnj.initializers.XavierNormal,
            org.nnj.initializers.HeUniform,
            org.nnj.initializers.HeNormal,
            org.nnj.initializers.LecunUniform,
            org.nnj.initializers.LecunNormal;
}

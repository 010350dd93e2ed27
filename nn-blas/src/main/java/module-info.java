/**
 * The {@code openblas} backend: matrix products on a native BLAS (netlib's JNI bindings to the system's
 * OpenBLAS), chosen by name ({@code --backend openblas}) through the {@code Backend} SPI.
 */
module org.nnj.blas {
    requires transitive org.nnj.api;
    requires dev.ludovic.netlib.blas;
    requires org.slf4j;
    requires static org.apiguardian.api;

    exports org.nnj.blas;

    provides org.nnj.api.spi.Backend with org.nnj.blas.OpenBlasBackend;
}

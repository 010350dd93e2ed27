/**
 * Compiles a spec into a network, trains and runs it ({@code Nets}, {@code Network}, {@code Trainer}), and finds
 * the installed plugins ({@code org.nnj.core.registry}). The kernels ({@code org.nnj.core.internal.*}) and the
 * {@code cpu} backend's classes ({@code org.nnj.core.cpu}, reached by name through the {@code Backend} SPI) are not
 * exported. Plugins are found with {@link java.util.ServiceLoader}: from modules that {@code provides} them and from
 * {@code META-INF/services} on the class path.
 */
module org.nnj.core {
    requires transitive org.nnj.api;
    requires transitive org.nnj.data;
    requires transitive com.google.guice;
    requires org.slf4j;
    requires static org.apiguardian.api;
    requires static jdk.incubator.vector;

    exports org.nnj.core;
    exports org.nnj.core.registry;
    exports org.nnj.core.trace;

    uses org.nnj.api.spi.Activation;
    uses org.nnj.api.spi.Loss;
    uses org.nnj.api.spi.Layer;
    uses org.nnj.api.spi.Optimizer;
    uses org.nnj.api.spi.Initializer;
    uses org.nnj.api.spi.Schedule;
    uses org.nnj.api.spi.Backend;

    provides org.nnj.api.spi.Backend with org.nnj.core.cpu.CpuBackend;
}

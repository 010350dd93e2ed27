/**
 * The types every nnj module and plugin shares: the value types ({@code Mat}, {@code Shape}, {@code PluginRef},
 * ...), the exceptions, the plugin SPIs ({@code org.nnj.api.spi}) and the one Vector API shape of every SIMD loop
 * ({@code org.nnj.api.simd}). The Vector API is optional: without {@code jdk.incubator.vector} in the boot layer
 * the scalar loops run.
 */
module org.nnj.api {
    requires static transitive org.apiguardian.api;
    requires static jdk.incubator.vector;

    exports org.nnj.api;
    exports org.nnj.api.simd;
    exports org.nnj.api.spi;
}

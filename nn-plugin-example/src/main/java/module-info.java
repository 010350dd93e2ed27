/**
 * An out-of-tree plugin jar as a third party would write one: one activation, loss, layer and optimizer. On the
 * module path the core finds them through the {@code provides} clauses below; on the class path (or
 * {@code --plugin-path}) through the same list in {@code META-INF/services}, so the jar works either way.
 */
module org.nnj.example.plugins {
    requires org.nnj.api;

    exports org.nnj.example.plugins;

    provides org.nnj.api.spi.Activation with org.nnj.example.plugins.Swish;
    provides org.nnj.api.spi.Loss with org.nnj.example.plugins.Huber;
    provides org.nnj.api.spi.Layer with org.nnj.example.plugins.ScaleShift;
    provides org.nnj.api.spi.Optimizer with org.nnj.example.plugins.Adamax;
}

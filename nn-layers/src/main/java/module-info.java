/**
 * The built-in layers (dense, dropout, conv2d, pooling, normalization), found by the core through the {@code Layer}
 * SPI.
 */
module org.nnj.layers {
    requires transitive org.nnj.api;
    requires static org.apiguardian.api;

    exports org.nnj.layers;

    provides org.nnj.api.spi.Layer with
            org.nnj.layers.Dense,
            org.nnj.layers.Dropout,
            org.nnj.layers.Conv2d,
            org.nnj.layers.MaxPool2d,
            org.nnj.layers.AvgPool2d,
            org.nnj.layers.GlobalAvgPool2d,
            org.nnj.layers.Flatten,
            org.nnj.layers.BatchNorm,
            org.nnj.layers.LayerNorm;
}

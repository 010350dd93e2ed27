/**
 * Contract tests a plugin's test extends ({@code ActivationContract}, {@code LayerContract}, ...), gradient checks
 * and matrix helpers; JUnit 5 tests of plugins, nnj's own and third parties'.
 */
module org.nnj.testkit {
    requires transitive org.nnj.api;
    requires transitive org.nnj.data;
    requires transitive org.junit.jupiter.api;
    requires com.fasterxml.jackson.databind;
    requires static org.apiguardian.api;

    exports org.nnj.testkit;

    uses org.nnj.api.spi.Activation;
    uses org.nnj.api.spi.Loss;
    uses org.nnj.api.spi.Layer;
    uses org.nnj.api.spi.Optimizer;
    uses org.nnj.api.spi.Initializer;
    uses org.nnj.api.spi.Schedule;
    uses org.nnj.api.spi.Backend;
}

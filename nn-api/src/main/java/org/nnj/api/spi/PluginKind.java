package org.nnj.api.spi;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A kind of plugin: its name in messages and specs, and the SPI interface that {@link java.util.ServiceLoader}
 * looks up.
 */
@API(status = API.Status.STABLE)
public record PluginKind<T extends Plugin<T>>(String name, Class<T> type) {

    public static final PluginKind<Activation> ACTIVATION = new PluginKind<>("activation", Activation.class);
    public static final PluginKind<Loss> LOSS = new PluginKind<>("loss", Loss.class);
    public static final PluginKind<Layer> LAYER = new PluginKind<>("layer", Layer.class);
    public static final PluginKind<Optimizer> OPTIMIZER = new PluginKind<>("optimizer", Optimizer.class);
    public static final PluginKind<Initializer> INITIALIZER = new PluginKind<>("initializer", Initializer.class);
    public static final PluginKind<Schedule> SCHEDULE = new PluginKind<>("schedule", Schedule.class);
    public static final PluginKind<Backend> BACKEND = new PluginKind<>("backend", Backend.class);

    public PluginKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** The kinds the core discovers, in the order {@code nn plugins} lists them. */
    public static List<PluginKind<?>> all() {
        return List.of(LAYER, ACTIVATION, LOSS, OPTIMIZER, INITIALIZER, SCHEDULE, BACKEND);
    }

    @Override
    public String toString() {
        return name;
    }
}

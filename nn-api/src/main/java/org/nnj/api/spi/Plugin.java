package org.nnj.api.spi;

import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What every plugin has: a stable lowercase name, optional aliases, typed parameters, and a way to make a
 * configured copy of itself.
 *
 * <p>The instance that {@link java.util.ServiceLoader} creates through the public no-argument constructor is
 * the plugin with default parameters. {@link #configure(Config)} receives a {@link Config} that has already
 * been checked against {@link #parameters()} (types, ranges, unknown keys) and completed with defaults, and
 * returns an instance with those values; {@link #config()} returns them again, so that
 * {@code p.configure(p.config())} is equivalent to {@code p}. Saved models store {@link #name()} and
 * {@link #config()}, never a class name.
 *
 * <p>Plugin instances are immutable configurations: a configured copy is a new instance, and the core shares
 * instances between networks and threads (each kind's interface says what else that requires).
 *
 * @param <T> the plugin kind (the SPI interface)
 */
@API(status = API.Status.STABLE)
public interface Plugin<T extends Plugin<T>> {

    /** The stable identifier: lowercase letters, digits, '_' and '-', starting with a letter. */
    String name();

    /** Other names this plugin answers to (also lowercase and unique within the kind). */
    default Set<String> aliases() {
        return Set.of();
    }

    /** One line for {@code nn plugins}. */
    default String description() {
        return "";
    }

    /** The parameters this plugin accepts, with defaults and valid ranges. */
    default List<Param> parameters() {
        return List.of();
    }

    /** The parameter values of this instance; empty for a plugin without parameters. */
    default Config config() {
        return Config.empty();
    }

    /**
     * An instance with the given, already validated, parameter values. A plugin without parameters may keep
     * this default, which returns {@code this}.
     */
    @SuppressWarnings("unchecked")
    default T configure(Config config) {
        if (!parameters().isEmpty()) {
            throw new UnsupportedOperationException(getClass().getName() + " declares parameters "
                    + "but does not override configure(Config)");
        }
        return (T) this;
    }
}

package org.nnj.core.registry;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;

/**
 * Binds every plugin a {@link PluginRegistry} discovered into one Guice {@code MapBinder<String, T>} per kind,
 * keyed by the plugin's name, and binds the registry itself. Duplicates never reach Guice (the registry refuses
 * them first, naming both jars); Guice's own duplicate-key check stays on as a second guard.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new PluginModule(PluginRegistry.discover()));
 * Map<String, Activation> activations = injector.getInstance(Key.get(new TypeLiteral<Map<String, Activation>>() {}));
 * }</pre>
 */
@API(status = API.Status.STABLE)
public final class PluginModule extends AbstractModule {
    private final PluginRegistry registry;

    public PluginModule(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A module over the plugins on the context class path. */
    public PluginModule() {
        this(PluginRegistry.discover());
    }

    @Override
    protected void configure() {
        bind(PluginRegistry.class).toInstance(registry);
        for (PluginKind<?> kind : PluginKind.all()) {
            bindKind(kind);
        }
    }

    private <T extends Plugin<T>> void bindKind(PluginKind<T> kind) {
        MapBinder<String, T> binder = MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class),
                TypeLiteral.get(kind.type()));
        registry.plugins(kind).forEach((name, info) ->
                binder.addBinding(name).toInstance(kind.type().cast(info.plugin())));
    }
}

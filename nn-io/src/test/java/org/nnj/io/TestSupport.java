package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.nnj.api.ConfigException;
import org.nnj.api.ModelFormatException;
import org.nnj.core.Nets;
import org.nnj.core.registry.PluginRegistry;

/** Shared helpers: the installed plugins, test resources, expected errors. */
final class TestSupport {
    static final PluginRegistry REGISTRY = Nets.registry();
    static final SpecReader READER = new SpecReader(REGISTRY);

    private TestSupport() {
    }

    static Path resource(String name) {
        URL url = TestSupport.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a ConfigException at {@code path} whose message contains every fragment. */
    static ConfigException assertConfigError(Executable action, String path, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, action);
        assertTrue(e.path().equals(path), () -> "expected path \"" + path + "\" in: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected \"" + f + "\" in: " + e.getMessage());
        }
        return e;
    }

    /** Asserts a ModelFormatException whose message contains every fragment. */
    static ModelFormatException assertFormatError(Executable action, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, action);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected \"" + f + "\" in: " + e.getMessage());
        }
        return e;
    }
}

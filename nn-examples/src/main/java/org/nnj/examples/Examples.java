package org.nnj.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.api.ConfigException;

/** The bundled examples by name. */
public final class Examples {
    private Examples() {
    }

    public static List<Example> all() {
        return List.of(new WorkedExample(), new XorExample(), new IrisExample(), new DigitsExample(),
                new FashionMnistExample(), new FashionCnnExample(), new CustomPluginExample());
    }

    public static Map<String, Example> byName() {
        Map<String, Example> m = new LinkedHashMap<>();
        for (Example e : all()) {
            m.put(e.name(), e);
        }
        return m;
    }

    public static Example get(String name) {
        Example e = byName().get(name);
        if (e == null) {
            throw new ConfigException("", "unknown example \"" + name + "\"; known: " + String.join(", ", byName().keySet()));
        }
        return e;
    }
}

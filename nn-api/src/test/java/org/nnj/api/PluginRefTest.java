package org.nnj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;

class PluginRefTest {
    @Test
    void parsesANameAndTypedParameters() {
        assertEquals(PluginRef.of("openblas"), PluginRef.parse("--backend", "openblas"));
        PluginRef r = PluginRef.parse("--backend", "openblas:products=all, min_side=8,require_optimized=false,x=0.5");
        assertEquals("openblas", r.name());
        assertEquals(Map.of("products", "all", "min_side", 8L, "require_optimized", false, "x", 0.5), r.params());
    }

    @Test
    void aMissingNameOrAPairWithoutEqualsNamesTheOption() {
        ConfigException noName = assertThrows(ConfigException.class, () -> PluginRef.parse("--backend", ":a=1"));
        assertEquals("--backend", noName.path());
        ConfigException noEq = assertThrows(ConfigException.class, () -> PluginRef.parse("--backend", "openblas:all"));
        assertTrue(noEq.getMessage().contains("expected key=value after \"openblas:\", got \"all\""), noEq.getMessage());
    }
}

package org.nnj.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;

class ConfigTest {
    private static final List<Param> PARAMS = List.of(
            Param.real("sigma", 1.0, "width").greaterThan(0),
            Param.integer("units", null, "outputs").atLeast(1),
            Param.bool("use_bias", true, "bias"),
            Param.string("mode", "fan_in", List.of("fan_in", "fan_out"), "fan"),
            Param.plugin("activation", "activation", null, "act").optional());

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void fillsDefaultsAndCoercesNumbers() {
        Config c = Config.resolve("layers[0]", PARAMS, map("units", 16.0, "sigma", 2));
        assertEquals(2.0, c.real("sigma"));
        assertEquals(16, c.integer("units"));
        assertEquals(true, c.bool("use_bias"));
        assertEquals("fan_in", c.string("mode"));
        assertEquals(false, c.has("activation"));
    }

    @Test
    void aStringOrWholeNumberParameterTakesEither() {
        List<Param> pad = List.of(Param.stringOrWholeNumber("padding", "valid", List.of("valid", "same"), "padding"));
        assertEquals("valid", Config.resolve("", pad, map()).string("padding"));
        assertEquals("same", Config.resolve("", pad, map("padding", "same")).string("padding"));
        assertEquals("2", Config.resolve("", pad, map("padding", 2)).string("padding"));
        assertEquals("3", Config.resolve("", pad, map("padding", 3.0)).string("padding"));
        assertEquals("1", Config.resolve("", pad, map("padding", "1")).string("padding"));
        assertEquals("layers[0].padding: expected one of valid, same or a whole number >= 0, got -1",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[0]", pad, map("padding", -1))).getMessage());
        assertEquals("layers[0].padding: expected one of valid, same or a whole number >= 0, got 1.5",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[0]", pad, map("padding", 1.5))).getMessage());
        assertEquals("layers[0].padding: unknown value \"full\"; expected one of valid, same or a whole number",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[0]", pad, map("padding", "full"))).getMessage());
        assertEquals("padding: string = valid one of [valid, same], a whole number >= 0 -- padding", pad.get(0).summary());
    }

    @Test
    void aPerAxisParameterTakesOneNumberOrOnePerAxis() {
        List<Param> ps = List.of(Param.integer("kernel_size", null, "kernel").atLeast(1).orPerAxis(),
                Param.stringOrWholeNumber("padding", "valid", List.of("valid", "same"), "padding").orPerAxis());
        Config one = Config.resolve("", ps, map("kernel_size", 3, "padding", 1));
        assertArrayEquals(new int[] {3, 3}, one.axes("kernel_size"));
        assertArrayEquals(new int[] {1, 1}, one.axes("padding"));
        assertEquals(3, one.integer("kernel_size"));
        Config two = Config.resolve("", ps, map("kernel_size", List.of(3, 5), "padding", List.of(2.0, 0)));
        assertArrayEquals(new int[] {3, 5}, two.axes("kernel_size"));
        assertArrayEquals(new int[] {2, 0}, two.axes("padding"));
        assertEquals(List.of(3L, 5L), two.asMap().get("kernel_size"));
        assertEquals(two, Config.resolve("", ps, two.asMap()));
        assertEquals("same", Config.resolve("", ps, map("kernel_size", 1, "padding", "same")).string("padding"));
        assertThrows(IllegalArgumentException.class, () -> two.integer("kernel_size"));
        assertEquals("layers[2].kernel_size: expected a whole number or a list of 2 ([height, width]), got a list of 3",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[2]", ps,
                        map("kernel_size", List.of(1, 2, 3)))).getMessage());
        assertEquals("layers[2].kernel_size[1]: value 0 is outside the valid range [1, inf)",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[2]", ps,
                        map("kernel_size", List.of(3, 0)))).getMessage());
        assertEquals("layers[2].padding[0]: expected a whole number, got the string \"same\"",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[2]", ps,
                        map("kernel_size", 3, "padding", List.of("same", 1)))).getMessage());
        assertEquals("kernel_size: int (required) in [1, inf), or one per axis [height, width] -- kernel",
                ps.get(0).summary());
        assertThrows(IllegalArgumentException.class, () -> Param.real("x", 1.0, "x").orPerAxis());
    }

    @Test
    void readsPluginReferencesByNameOrObject() {
        Config c = Config.resolve("", PARAMS, map("units", 1, "activation", map("name", "sigmoid", "beta", 2)));
        assertEquals(PluginRef.of("sigmoid", Map.of("beta", 2)), c.plugin("activation"));
        assertEquals(PluginRef.of("relu"), Config.resolve("", PARAMS, map("units", 1, "activation", "relu")).plugin("activation"));
    }

    @Test
    void errorsNameTheJsonPathAndWhatWasExpected() {
        assertEquals("layers[1].sigma: value -1 is outside the valid range (0, inf)", assertThrows(ConfigException.class,
                () -> Config.resolve("layers[1]", PARAMS, map("units", 3, "sigma", -1))).getMessage());
        assertEquals("layers[1].units: missing required parameter \"units\" (units: int (required) in [1, inf) -- outputs)",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[1]", PARAMS, map())).getMessage());
        assertEquals("layers[1].units: expected a whole number, got 2.5", assertThrows(ConfigException.class,
                () -> Config.resolve("layers[1]", PARAMS, map("units", 2.5))).getMessage());
        assertEquals("layers[1].units: expected a whole number, got the string \"ten\"",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[1]", PARAMS, map("units", "ten"))).getMessage());
        assertEquals("layers[1].mode: unknown value \"fan_avg\"; expected one of fan_in, fan_out", assertThrows(ConfigException.class,
                () -> Config.resolve("layers[1]", PARAMS, map("units", 1, "mode", "fan_avg"))).getMessage());
        assertEquals("layers[1].unit: unknown parameter \"unit\"; known: sigma, units, use_bias, mode, activation",
                assertThrows(ConfigException.class, () -> Config.resolve("layers[1]", PARAMS, map("unit", 1))).getMessage());
        assertEquals("use_bias: expected true or false, got the string \"yes\"", assertThrows(ConfigException.class,
                () -> Config.resolve("", PARAMS, map("units", 1, "use_bias", "yes"))).getMessage());
        assertEquals("sigma: value NaN is outside the valid range (0, inf)", assertThrows(ConfigException.class,
                () -> Config.resolve("", PARAMS, map("units", 1, "sigma", Double.NaN))).getMessage());
    }

    @Test
    void roundTripsThroughItsOwnMap() {
        Config c = Config.resolve("", PARAMS, map("units", 4, "activation", "tanh"));
        assertEquals(c, Config.resolve("", PARAMS, c.asMap()));
    }

    @Test
    void anIntegerBeyondIntRangeFailsNamingItsPathInsteadOfOverflowing() {
        Config c = Config.resolve("layers[0]", List.of(Param.integer("units", null, "units").atLeast(1)),
                Map.of("units", 99_999_999_999_999L));
        ConfigException e = assertThrows(ConfigException.class, () -> c.integer("units"));
        assertEquals("layers[0].units", e.path());
        assertEquals("layers[0].units: expected a whole number from -2147483648 to 2147483647, found 99999999999999",
                e.getMessage());
        assertEquals(7, Config.resolve("", List.of(Param.integer("n", 7L, "n")), Map.of()).integer("n"));
    }
}

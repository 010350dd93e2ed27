package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.ElementwiseActivation;
import org.nnj.api.spi.Activation;
import org.nnj.testkit.ActivationContract;

class PiecewiseLinearTest extends ActivationContract {
    @Override
    protected Activation activation() {
        return new PiecewiseLinear();
    }

    @Override
    protected List<Map<String, Object>> parameterVariants() {
        return List.of(Map.of("x_min", -3.0, "x_max", 0.5), Map.of("x_min", 2.0, "x_max", 2.25));
    }

    @Override
    protected List<Double> edgePoints(Activation instance) {
        return List.of(instance.config().real("x_min"), instance.config().real("x_max"));
    }

    @Override
    protected List<InvalidParameters> invalidParameters() {
        return List.of(new InvalidParameters("x_max", Map.of("x_min", 1.0, "x_max", 1.0)),
                new InvalidParameters("x_max", Map.of("x_min", 2.0, "x_max", -2.0)));
    }

    @Test
    void isTheContinuousRampFromXMinToXMax() {
        ElementwiseActivation p = (ElementwiseActivation) configured(Map.of("x_min", -3.0, "x_max", 1.0));
        assertEquals(0.0, p.apply(-3.0));
        assertEquals(0.0, p.apply(-3.5));
        assertEquals(0.5, p.apply(-1.0));
        assertEquals(1.0, p.apply(1.0));
        assertEquals(1.0, p.apply(7.0));
        assertEquals(0.25, p.derivative(0.0));
        assertEquals(0.0, p.derivative(-3.0), "derivative at x_min: the constant piece");
        assertEquals(0.0, p.derivative(1.0), "derivative at x_max: the constant piece");
    }

    @Test
    void refusesAnEmptyRampNamingTheField() {
        Activation p = activation();
        ConfigException e = assertThrows(ConfigException.class,
                () -> p.configure(Config.resolve("layers[0].activation", p.parameters(), Map.of("x_min", 1.0, "x_max", 0.0))));
        assertEquals("x_max", e.path());
        assertTrue(e.getMessage().contains("greater than x_min (1.0), got 0.0"), e.getMessage());
    }
}

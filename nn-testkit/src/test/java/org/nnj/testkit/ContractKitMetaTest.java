package org.nnj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.nnj.testkit.fixtures.AccumulatingScaleCase;
import org.nnj.testkit.fixtures.CountingSigmoidCase;
import org.nnj.testkit.fixtures.GoodLayerNormCase;
import org.nnj.testkit.fixtures.GoodQuadraticCase;
import org.nnj.testkit.fixtures.GoodSigmoidCase;
import org.nnj.testkit.fixtures.IgnoredParameterSigmoidCase;
import org.nnj.testkit.fixtures.MemoSigmoidCase;
import org.nnj.testkit.fixtures.LayerNormWithoutCenteringTermsCase;
import org.nnj.testkit.fixtures.NaiveSoftmaxCase;
import org.nnj.testkit.fixtures.QuadraticWithoutBatchMeanCase;
import org.nnj.testkit.fixtures.ReluWrongAtKinkCase;
import org.nnj.testkit.fixtures.SigmoidDerivativeAtOutputCase;
import org.nnj.testkit.fixtures.SigmoidDerivativePlusConstantCase;
import org.nnj.testkit.fixtures.TanhOneMinusYSquaredCase;
import org.nnj.testkit.fixtures.UnlistedSigmoidCase;
import org.nnj.testkit.fixtures.WronglyNamedSigmoidCase;

/**
 * The kit must fail wrong plugins and pass right ones. Each case runs the contracts on one fixture through
 * the JUnit Platform test kit and states exactly which checks fail, and what the report says.
 */
class ContractKitMetaTest {
    private static final Set<String> RANDOM_AND_LARGE = Set.of(
            "backwardMatchesCentralDifferencesAtRandomPoints", "backwardMatchesCentralDifferencesAtZeroAndLargeInputs");

    @Test
    void passesACorrectSigmoid() {
        Events events = run(GoodSigmoidCase.class);
        assertEquals(Set.of(), failedChecks(events), () -> reports(events));
        assertTrue(events.succeeded().count() >= 13, "only " + events.succeeded().count() + " checks passed");
    }

    @Test
    void passesACorrectQuadraticLoss() {
        Events events = run(GoodQuadraticCase.class);
        assertEquals(Set.of(), failedChecks(events), () -> reports(events));
        assertTrue(events.succeeded().count() >= 13, "only " + events.succeeded().count() + " checks passed");
    }

    @Test
    void failsASigmoidDerivativeEvaluatedAtTheActivation() {
        Events events = run(SigmoidDerivativeAtOutputCase.class);
        assertEquals(RANDOM_AND_LARGE, failedChecks(events), () -> reports(events));
        assertReportSays(events, "sigmoid_derivative_at_output", "dC/dz[", "(numeric, central differences)",
                "f'(z) = 0.24999999999");
    }

    @Test
    void failsASigmoidDerivativeWithAConstantAdded() {
        Events events = run(SigmoidDerivativePlusConstantCase.class);
        assertEquals(RANDOM_AND_LARGE, failedChecks(events), () -> reports(events));
        assertReportSays(events, "sigmoid_derivative_plus_constant", "from backward");
    }

    @Test
    void failsATanhDerivativeWrittenAsOneMinusYAllSquared() {
        Events events = run(TanhOneMinusYSquaredCase.class);
        assertEquals(RANDOM_AND_LARGE, failedChecks(events), () -> reports(events));
        assertReportSays(events, "tanh_one_minus_y_squared", "at z[");
    }

    @Test
    void failsADerivativeAtAKinkOutsideTheOneSidedDerivatives() {
        Events events = run(ReluWrongAtKinkCase.class);
        assertEquals(Set.of("backwardMatchesCentralDifferencesNextToKinksAndIsOneSidedAtThem"), failedChecks(events),
                () -> reports(events));
        assertReportSays(events, "relu_wrong_at_kink", "exactly at the kink: backward gives");
    }

    @Test
    void failsAnActivationWithHiddenState() {
        Events events = run(CountingSigmoidCase.class);
        Set<String> failed = failedChecks(events);
        assertTrue(failed.containsAll(Set.of("sameInputGivesSameOutputAndInputsAreLeftAlone",
                "threadsSharingOneInstanceGetIdenticalResults")), () -> reports(events));
        assertReportSays(events, "counting_sigmoid", "forward called twice");
    }

    @Test
    void failsAGradientWithoutTheBatchMean() {
        Events events = run(QuadraticWithoutBatchMeanCase.class);
        assertEquals(Set.of("gradientMatchesCentralDifferencesAtRandomPoints",
                "gradientMatchesCentralDifferencesAtExtremeOutputs",
                "batchLossIsTheMeanOfPerSampleLossesAndGradientRowsMatch"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "quadratic_without_batch_mean", "of the batch loss (6 rows)");
    }

    @Test
    void failsAWronglyNamedPlugin() {
        Events events = run(WronglyNamedSigmoidCase.class);
        assertEquals(Set.of("nameIsStableAndLowercase"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "name() returned \"Sigmoid 2\"");
    }

    @Test
    void failsAPluginMissingFromTheServicesFile() {
        Events events = run(UnlistedSigmoidCase.class);
        assertEquals(Set.of("foundByServiceLoaderUnderAUniqueName"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "finds no provider of class org.nnj.testkit.fixtures.UnlistedSigmoid",
                "META-INF/services/org.nnj.api.spi.Activation");
    }

    @Test
    void failsABoundedActivationThatOverflowsToNaN() {
        Events events = run(NaiveSoftmaxCase.class);
        assertTrue(failedChecks(events).contains("outputsStayInRangeAndAreNeverNaNEvenForHugeInputs"), () -> reports(events));
        assertReportSays(events, "naive_softmax", "(NaN)");
    }

    /**
     * A correct layer normalization: its output bends on the scale of a row's spread, so central differences
     * extrapolated from one fixed step of 0.1 disagreed with its (right) backward by up to a few percent.
     */
    @Test
    void passesACorrectLayerNormalization() {
        Events events = run(GoodLayerNormCase.class);
        assertEquals(Set.of(), failedChecks(events), () -> reports(events));
        assertTrue(events.succeeded().count() >= 10, "only " + events.succeeded().count() + " checks passed");
    }

    @Test
    void failsALayerNormalizationWithoutTheTermsOfTheMeanAndVariance() {
        Events events = run(LayerNormWithoutCenteringTermsCase.class);
        assertEquals(Set.of("backwardMatchesCentralDifferences"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "layer_norm_without_centering_terms", "dL/dinput[", "(numeric, central differences)",
                "re-checked with first steps");
    }

    /** Right derivatives, but {@code grad += ...}: a check starting from zeroed views cannot see it. */
    @Test
    void failsALayerThatAddsToItsGradientViewsInsteadOfOverwritingThem() {
        Events events = run(AccumulatingScaleCase.class);
        assertEquals(Set.of("backwardOverwritesTheGradientViews"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "accumulating_scale", "dL/dgamma[0][0]", "left NaN",
                "adds to the gradient views instead of overwriting them");
    }

    /** Its test declares no parameter variants: the kit configures one of its own. */
    @Test
    void failsAConfigureThatIgnoresItsConfiguration() {
        Events events = run(IgnoredParameterSigmoidCase.class);
        assertEquals(Set.of("configRoundTripsToEqualConfigAndBehaviour"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "ignored_parameter_sigmoid", "configure(", "beta=");
    }

    /** A last-value memo shared by threads: a race, caught every run (a thread check used to miss it). */
    @Test
    void failsAnActivationWithARacyMemoCache() {
        Events events = run(MemoSigmoidCase.class);
        assertEquals(Set.of("threadsSharingOneInstanceGetIdenticalResults"), failedChecks(events), () -> reports(events));
        assertReportSays(events, "memo_sigmoid", "lastZ");
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    private static Set<String> failedChecks(Events events) {
        return events.failed().stream().map(ContractKitMetaTest::method).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String method(Event e) {
        return e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName()).orElse(e.getTestDescriptor().getDisplayName());
    }

    private static String reports(Events events) {
        return events.failed().stream().map(e -> method(e) + ": " + message(e)).collect(Collectors.joining("\n\n"));
    }

    private static String message(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(String::valueOf).orElse("(no throwable)");
    }

    private static void assertReportSays(Events events, String... fragments) {
        String all = reports(events);
        for (String fragment : List.of(fragments)) {
            assertTrue(all.contains(fragment), () -> "expected the failure report to contain \"" + fragment + "\":\n" + all);
        }
    }
}

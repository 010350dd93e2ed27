/**
 * For plugin authors, in test scope: abstract JUnit 5 contract tests that a plugin's test extends by supplying
 * an instance ({@link org.nnj.testkit.ActivationContract}, {@link org.nnj.testkit.LossContract}, and the
 * optimizer, initializer and layer contracts), built on {@link org.nnj.testkit.PluginContract} (name,
 * parameters, configuration round trip, {@link java.util.ServiceLoader} discovery) and
 * {@link org.nnj.testkit.GradientCheck} (float64 central differences with Ridders' extrapolation). A failing
 * check names the plugin, the input, and the derivative or property that is wrong, with expected and found values.
 */
package org.nnj.testkit;

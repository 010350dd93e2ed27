/**
 * The built-in activation functions: every one in the table of seed 002 section 3 (sigmoid/logistic with
 * steepness, piecewise linear, gaussian, threshold/unit step, relu, tanh), plus identity, softmax, leaky relu,
 * elu, selu and softplus. One small class per plugin, each listed in
 * {@code META-INF/services/org.nnj.api.spi.Activation} and checked by a test extending
 * {@code org.nnj.testkit.ActivationContract}. Where a seed prints a formula with a slip, the class javadoc says
 * what the seed prints and what is implemented.
 */
package org.nnj.activations;
